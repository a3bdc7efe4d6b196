import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { Id } from '../../../../../services/contract-fields.js';

export const deleteUser = rpcMethod({
  path: 'Platform/User/DeleteUser',
  summary: 'Delete a user of the caller’s tenant',
  description:
    'A soft delete: the user leaves every list, its user name and e-mail address become free, its sessions, refresh ' +
    'tokens, API keys and unused login links end at once and for good, and it is unlinked from its linked accounts. You cannot delete yourself (400) or the last active admin (409).',
  auth: 'caller',
  input: Type.Object({ id: Id() }),
  output: null,
  async handle({ caller, input, services }) {
    await services.users.delete(caller, input.id);
  },
});
