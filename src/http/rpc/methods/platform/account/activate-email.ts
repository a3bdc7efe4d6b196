import { ActivateEmailInputSchema } from '../../../../../services/account/account-code-contracts.js';
import { limitSignIn } from '../../../../rate-limit.js';
import { requestOriginOf } from '../../../../request-caller.js';
import { rpcMethod } from '../../../define.js';

export const activateEmail = rpcMethod({
  path: 'Platform/Account/ActivateEmail',
  summary: 'Confirm an account’s e-mail address with the mailed code (ABP’s `ActivateEmailInput`)',
  description:
    'Anonymous. The code works once; a used, expired or unknown code, or one of another user, is a 400 naming `confirmationCode`. ' +
    '`c` is accepted and ignored. Rate limited like sign-in.',
  auth: 'anonymous',
  input: ActivateEmailInputSchema,
  output: null,
  async handle({ input, services, request, reply }) {
    await limitSignIn(request, reply, services, { userName: `#${input.userId}` });
    await services.accountCodes.activateEmail(input, requestOriginOf(request));
  },
});
