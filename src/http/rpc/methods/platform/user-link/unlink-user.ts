import { rpcMethod } from '../../../define.js';
import { LinkedAccountIdSchema } from '../../../../../services/links/user-links.js';

export const unlinkUser = rpcMethod({
  path: 'Platform/UserLink/UnlinkUser',
  summary: 'Unlink an account from your link group (your own account: leave the group)',
  description: 'An account that is not linked to yours is a 404. API keys, and sessions opened through one, cannot call this.',
  auth: 'caller',
  input: LinkedAccountIdSchema,
  output: null,
  async handle({ caller, input, services }) {
    await services.userLinks.unlink(caller, input);
  },
});
