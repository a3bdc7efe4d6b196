import { rpcMethod } from '../../../define.js';
import { LinkToUserInputSchema } from '../../../../../services/links/user-links.js';

export const linkToUser = rpcMethod({
  path: 'Platform/UserLink/LinkToUser',
  summary: 'Link your account to another account you can sign in to',
  description:
    'The server signs in to the other account with the given credentials; a failure answers 400 with the reason ' +
    'sign-in would give (unknown tenancy, inactive tenant, invalid user name or password, inactive user, locked ' +
    'out, a missing or wrong two-factor code). Linking to yourself is a 400; linking to an account already linked is a no-op. Both accounts’ link groups ' +
    'merge. Only tenant accounts can be linked. Only a session opened with your own password may link (API keys and login-link sessions: 403).',
  auth: 'caller',
  input: LinkToUserInputSchema,
  output: null,
  async handle({ caller, input, services }) {
    await services.userLinks.link(caller, input);
  },
});
