import { AcceptInvitationInputSchema, ChosenPasswordSchema } from '../../../../../services/account/account-code-contracts.js';
import { limitSignIn } from '../../../../rate-limit.js';
import { requestOriginOf } from '../../../../request-caller.js';
import { rpcMethod } from '../../../define.js';

export const acceptInvitation = rpcMethod({
  path: 'Platform/Account/AcceptInvitation',
  summary: 'Accept an invitation: the invited user chooses a password (answers as `ResetPassword`)',
  description:
    "Anonymous. The invitation `CreateUser` with `sendActivationEmail: true` and no password mailed (or `SendEmailActivationLink` " +
    "mailed again). The password must satisfy the tenant's policy (a 400 naming each broken rule under `password`; the invitation " +
    'stays usable). Works once; a used, expired or unknown invitation, or one of another user, is a 400 naming `invitationCode`. ' +
    'Confirms the address. Rate limited like sign-in.',
  auth: 'anonymous',
  input: AcceptInvitationInputSchema,
  output: ChosenPasswordSchema,
  async handle({ input, services, request, reply }) {
    await limitSignIn(request, reply, services, { userName: `#${input.userId}` });
    return services.accountCodes.acceptInvitation(input, requestOriginOf(request));
  },
});
