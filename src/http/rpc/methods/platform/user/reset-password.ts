import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { ResetPasswordInputSchema } from '../../../../../services/users/contracts.js';

export const resetPassword = rpcMethod({
  path: 'Platform/User/ResetPassword',
  summary: 'Set the password of a user of the caller’s tenant; the user’s credentials end at once',
  description:
    'Every session, refresh token, API key and unused login link of the user ends at once and for good. API keys, and ' +
    'sessions opened through one, cannot set passwords (403). Without `newPassword` the server generates one and answers it once as `generatedPassword`; the user must then ' +
    'change it at the next sign-in.',
  auth: 'caller',
  carriesCredential: true,
  input: ResetPasswordInputSchema,
  output: Type.Object({ generatedPassword: Type.Optional(Type.String()) }),
  async handle({ caller, input, services }) {
    return services.passwords.reset(caller, input);
  },
});
