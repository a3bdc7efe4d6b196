import { Type } from 'typebox';
import { requestOriginOf } from '../../../request-caller.js';
import { rpcMethod } from '../../define.js';
import { TokenPairSchema } from './schemas.js';

export const authenticate = rpcMethod({
  path: 'TokenAuth/Authenticate',
  verb: 'POST',
  summary: 'Sign in with a user name or e-mail address and a password',
  description:
    'Without `tenancyName` the user is a host user (platform operator). After 5 failed attempts the account is locked for 300 seconds.',
  auth: 'anonymous',
  carriesCredential: true,
  input: Type.Object({
    userNameOrEmailAddress: Type.String({ minLength: 1, maxLength: 256 }),
    password: Type.String({ minLength: 1, maxLength: 128 }),
    tenancyName: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    rememberClient: Type.Optional(Type.Boolean()),
  }),
  output: TokenPairSchema,
  async handle({ input, services, request }) {
    return services.auth.signIn(input, requestOriginOf(request));
  },
});
