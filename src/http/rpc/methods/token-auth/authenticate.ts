import { Type } from 'typebox';
import { limitSignIn } from '../../../rate-limit.js';
import { requestOriginOf } from '../../../request-caller.js';
import { rpcMethod } from '../../define.js';
import { optional } from '../../../../services/contract-fields.js';
import { AuthenticateResultSchema } from './schemas.js';

export const authenticate = rpcMethod({
  path: 'TokenAuth/Authenticate',
  verb: 'POST',
  summary: 'Sign in with a user name or e-mail address and a password (and, with two-factor sign-in, a code)',
  description:
    'Without `tenancyName` the user is a host user (platform operator). After 5 failed attempts the account is locked for 300 seconds. ' +
    'Sign-ins are rate limited per account and per client IP (429 with Retry-After). ' +
    'A user with two-factor sign-in who gives no `twoFactorVerificationCode` (nor a live `twoFactorRememberClientToken`) gets ' +
    '`requiresTwoFactorVerification: true`, `twoFactorAuthProviders: ["GoogleAuthenticator"]` and `userId`, and no tokens; the ' +
    'same request again with the code of the authenticator app (or one of the recovery codes) signs in. A code is accepted ' +
    'once; a wrong one is a 401 and counts towards the lockout. With `rememberClient: true` the answer carries ' +
    '`twoFactorRememberClientToken`, which skips the code for 30 days (until the password changes or two-factor sign-in is disabled).',
  auth: 'anonymous',
  carriesCredential: true,
  input: Type.Object({
    userNameOrEmailAddress: Type.String({ minLength: 1, maxLength: 256 }),
    password: Type.String({ minLength: 1, maxLength: 128 }),
    tenancyName: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    rememberClient: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
    twoFactorVerificationCode: optional(Type.String({ maxLength: 64 }), 'The code of the authenticator app, or a recovery code.'),
    twoFactorRememberClientToken: optional(Type.String({ maxLength: 512 }), 'A token an earlier sign-in with `rememberClient` answered.'),
  }),
  output: AuthenticateResultSchema,
  async handle({ input, services, request, reply }) {
    const account = { userName: input.userNameOrEmailAddress, tenancyName: input.tenancyName };
    await limitSignIn(request, reply, services, account, { withCode: Boolean(input.twoFactorVerificationCode?.trim()) });
    return services.auth.signIn({ ...input, rememberClient: input.rememberClient ?? false }, requestOriginOf(request));
  },
});
