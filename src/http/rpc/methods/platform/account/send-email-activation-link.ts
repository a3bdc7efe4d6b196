import { limitAccountMail } from '../../../../rate-limit.js';
import { requestOriginOf } from '../../../../request-caller.js';
import { rpcMethod } from '../../../define.js';
import { accountKeyOf, accountRequestOf, AccountRequestInput } from './account-request-input.js';

export const sendEmailActivationLink = rpcMethod({
  path: 'Platform/Account/SendEmailActivationLink',
  summary: 'Mail the link that confirms an account’s e-mail address (or, for an invited user, the invitation again)',
  description:
    'Anonymous; the tenant is named as for `SendPasswordResetCode`. An unconfirmed account gets a link to ' +
    '`/account/confirm-email?userId=…&confirmationCode=…` (single use, `EMAIL_CONFIRMATION_HOURS`, 48); an invited user who has not ' +
    'accepted gets a new invitation (`/account/accept-invitation`). The answer is the same empty 200 for every address, confirmed, ' +
    'unknown or not, after the same work. Rate limited per client IP and per address.',
  auth: 'anonymous',
  input: AccountRequestInput,
  output: null,
  async handle({ input, services, request, reply }) {
    const account = accountRequestOf(request, input);
    await limitAccountMail(request, reply, services, accountKeyOf(account));
    await services.accountRequests.request('email_activation', account, requestOriginOf(request));
  },
});
