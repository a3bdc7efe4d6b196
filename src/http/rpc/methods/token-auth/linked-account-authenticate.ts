import { Type } from 'typebox';
import { requestOriginOf } from '../../../request-caller.js';
import { rpcMethod } from '../../define.js';
import { TokenPairSchema } from '../../../../services/auth/token-contracts.js';

export const linkedAccountAuthenticate = rpcMethod({
  path: 'TokenAuth/LinkedAccountAuthenticate',
  verb: 'POST',
  summary: 'Redeem a switch token from `Account/SwitchToLinkedAccount` for a token pair of the linked account',
  description: 'The token works once, within a minute, and only while the accounts are still linked; anything else is a 401.',
  auth: 'anonymous',
  carriesCredential: true,
  input: Type.Object({ switchAccountToken: Type.String({ minLength: 1, maxLength: 512 }) }),
  output: TokenPairSchema,
  async handle({ input, services, request }) {
    return services.userLinks.switchAccount(input.switchAccountToken, requestOriginOf(request));
  },
});
