import { ResetCodeInfoInputSchema, ResetCodeInfoSchema } from '../../../../../services/account/account-code-contracts.js';
import { limitSignIn } from '../../../../rate-limit.js';
import { rpcMethod } from '../../../define.js';

export const getResetPasswordCodeInfo = rpcMethod({
  path: 'Platform/Account/GetResetPasswordCodeInfo',
  summary: 'Whose password reset code this is and until when it works (without using it up)',
  description:
    'Anonymous, for the reset page. A code that is unknown, used, expired, of another user or of a user who can no longer act is a 400 ' +
    'naming `resetCode`. Rate limited like sign-in.',
  auth: 'anonymous',
  input: ResetCodeInfoInputSchema,
  output: ResetCodeInfoSchema,
  async handle({ input, services, request, reply }) {
    await limitSignIn(request, reply, services, { userName: `#${input.userId}` });
    return services.accountCodes.resetCodeInfo(input.userId, input.resetCode);
  },
});
