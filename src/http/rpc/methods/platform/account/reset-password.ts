import { ChosenPasswordSchema, CodeResetPasswordInputSchema } from '../../../../../services/account/account-code-contracts.js';
import { limitSignIn } from '../../../../rate-limit.js';
import { requestOriginOf } from '../../../../request-caller.js';
import { rpcMethod } from '../../../define.js';

export const resetPasswordWithCode = rpcMethod({
  path: 'Platform/Account/ResetPassword',
  summary: 'Set a new password with a mailed reset code (ABP’s `ResetPasswordInput` → `ResetPasswordOutput`)',
  description:
    "Anonymous. The password must satisfy the user's tenant's policy (a 400 naming each broken rule under `password`; the code " +
    'stays usable). The code works once: a used, expired or unknown code, or one of another user or tenant, is a 400 naming ' +
    '`resetCode`. Ends every session, refresh token, API key and login link of the user, confirms the address and ends a lockout. ' +
    '`returnUrl`, `singleSignIn` and `c` are accepted and ignored. Rate limited like sign-in.',
  auth: 'anonymous',
  input: CodeResetPasswordInputSchema,
  output: ChosenPasswordSchema,
  async handle({ input, services, request, reply }) {
    await limitSignIn(request, reply, services, { userName: `#${input.userId}` });
    return services.accountCodes.resetPassword(input, requestOriginOf(request));
  },
});
