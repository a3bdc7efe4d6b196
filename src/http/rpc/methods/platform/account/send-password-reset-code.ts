import { limitAccountMail } from '../../../../rate-limit.js';
import { requestOriginOf } from '../../../../request-caller.js';
import { rpcMethod } from '../../../define.js';
import { accountKeyOf, accountRequestOf, AccountRequestInput } from './account-request-input.js';

export const sendPasswordResetCode = rpcMethod({
  path: 'Platform/Account/SendPasswordResetCode',
  summary: 'Mail a single-use password reset code to an account (forgot password)',
  description:
    'Anonymous. A tenant user names the tenant with `tenancyName` or the `Abp-TenantId` header; neither: a host user. The answer ' +
    'is the same empty 200 whether or not such an active account exists, after the same work (the look-up runs after the answer, ' +
    'from the outbox). The e-mail links to `/account/reset-password?userId=…&resetCode=…`; the code works once, for ' +
    '`PASSWORD_RESET_CODE_MINUTES` (60). Rate limited per client IP and per address (`ACCOUNT_MAIL_LIMIT_PER_HOUR`, 429).',
  auth: 'anonymous',
  input: AccountRequestInput,
  output: null,
  async handle({ input, services, request, reply }) {
    const account = accountRequestOf(request, input);
    await limitAccountMail(request, reply, services, accountKeyOf(account));
    await services.accountRequests.request('password_reset', account, requestOriginOf(request));
  },
});
