import { Type } from 'typebox';
import { limitSignIn } from '../../../rate-limit.js';
import { requestOriginOf } from '../../../request-caller.js';
import { rpcMethod } from '../../define.js';
import { TokenPairSchema } from './schemas.js';

export const authenticate = rpcMethod({
  path: 'TokenAuth/Authenticate',
  verb: 'POST',
  summary: 'Sign in with a user name or e-mail address and a password',
  description:
    'Without `tenancyName` the user is a host user (platform operator). After 5 failed attempts the account is locked for 300 seconds. ' +
    'Sign-ins are rate limited per account and per client IP (429 with Retry-After).',
  auth: 'anonymous',
  carriesCredential: true,
  input: Type.Object({
    userNameOrEmailAddress: Type.String({ minLength: 1, maxLength: 256 }),
    password: Type.String({ minLength: 1, maxLength: 128 }),
    tenancyName: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    rememberClient: Type.Optional(Type.Boolean()),
  }),
  output: TokenPairSchema,
  async handle({ input, services, request, reply }) {
    await limitSignIn(request, reply, services, { userName: input.userNameOrEmailAddress, tenancyName: input.tenancyName });
    return services.auth.signIn(input, requestOriginOf(request));
  },
});
