import { Type } from 'typebox';
import { requestOriginOf } from '../../../request-caller.js';
import { rpcMethod } from '../../define.js';
import { TokenPairSchema } from '../../../../services/auth/token-contracts.js';

export const refreshToken = rpcMethod({
  path: 'TokenAuth/RefreshToken',
  verb: 'POST',
  summary: 'Exchange a refresh token for a new access token and a new refresh token',
  description: 'Refresh tokens are single-use: presenting one that was already used ends its whole session.',
  auth: 'anonymous',
  carriesCredential: true,
  input: Type.Object({ refreshToken: Type.String({ minLength: 1, maxLength: 512 }) }),
  output: TokenPairSchema,
  async handle({ input, services, request }) {
    return services.auth.refresh(input.refreshToken, requestOriginOf(request));
  },
});
