import { Type } from 'typebox';
import { limitSignIn } from '../../../rate-limit.js';
import { requestOriginOf } from '../../../request-caller.js';
import { rpcMethod } from '../../define.js';
import { TokenPairSchema } from '../../../../services/auth/token-contracts.js';

export const impersonatedAuthenticate = rpcMethod({
  path: 'TokenAuth/ImpersonatedAuthenticate',
  verb: 'POST',
  summary: 'Redeem a token from `Account/Impersonate` or `Account/BackToImpersonator` for a token pair',
  description:
    'As ABP sends it, `?impersonationToken=` in the query string. The token works once, within a minute, and only while ' +
    'the impersonator can still act and its own session is live; anything else is a 401. The impersonated session ends ' +
    "with the impersonator's session.",
  auth: 'anonymous',
  carriesCredential: true,
  inputIn: 'query',
  input: Type.Object({ impersonationToken: Type.String({ minLength: 1, maxLength: 512 }) }),
  output: TokenPairSchema,
  async handle({ input, services, request, reply }) {
    // Counted as a sign-in against the client IP, as a login link's redemption is.
    await limitSignIn(request, reply, services);
    return services.impersonation.authenticate(input.impersonationToken, requestOriginOf(request));
  },
});
