import { limitSignIn } from '../../../rate-limit.js';
import { requestOriginOf } from '../../../request-caller.js';
import { rpcMethod } from '../../define.js';
import { AuthenticateResultSchema } from '../../../../services/auth/token-contracts.js';
import { AuthenticateInputSchema } from '../../../../services/auth/sign-in-check.js';

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
  input: AuthenticateInputSchema,
  output: AuthenticateResultSchema,
  async handle({ input, services, request, reply }) {
    const account = { userName: input.userNameOrEmailAddress, tenancyName: input.tenancyName };
    await limitSignIn(request, reply, services, account, { withCode: Boolean(input.twoFactorVerificationCode?.trim()) });
    return services.auth.signIn({ ...input, rememberClient: input.rememberClient ?? false }, requestOriginOf(request));
  },
});
