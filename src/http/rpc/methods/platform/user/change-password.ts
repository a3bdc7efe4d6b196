import { rpcMethod } from '../../../define.js';
import { TokenPairSchema } from '../../../../../services/auth/token-contracts.js';
import { OwnPasswordChangeSchema } from '../../../../../services/users/contracts.js';

export const changePassword = rpcMethod({
  path: 'Platform/User/ChangePassword',
  summary: 'Change your own password',
  description:
    'Every credential of yours ends at once and for good — other sessions, refresh tokens, API keys, unused login ' +
    'links and the token used for this call — and the ' +
    'answer is a fresh token pair (the fields of `TokenAuth/Authenticate`), so you stay signed in. A wrong current ' +
    'password is a 400 naming `currentPassword`. API keys, and sessions opened through one, cannot call this (403).',
  auth: 'caller',
  carriesCredential: true,
  input: OwnPasswordChangeSchema,
  output: TokenPairSchema,
  async handle({ caller, input, services }) {
    return services.passwords.changeOwn(caller, input);
  },
});
