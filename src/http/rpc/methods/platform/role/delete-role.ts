import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { Id } from '../../../../../services/contract-fields.js';

export const deleteRole = rpcMethod({
  path: 'Platform/Role/DeleteRole',
  summary: 'Delete a role of the caller’s tenant; its holders lose what it granted at once',
  description: 'A static role (Admin, User) cannot be deleted (409). Another tenant’s role id: 404. Audited.',
  auth: 'caller',
  input: Type.Object({ id: Id() }),
  output: null,
  async handle({ caller, input, services }) {
    await services.roles.delete(caller, input.id);
  },
});
