import { rpcMethod } from '../../../define.js';
import { UpdateRoleInputSchema } from '../../../../../services/users/contracts.js';
import { RoleDtoSchema } from '../../../../../services/users/user-dto.js';

export const updateRole = rpcMethod({
  path: 'Platform/Role/UpdateRole',
  summary: 'Change a role of the caller’s tenant; absent fields stay as they are, and its holders’ permissions change at once',
  description:
    '`grantedPermissionNames` replaces what the role grants, for every holder at once (every instance). A static role (Admin, User) ' +
    'keeps its name (400 naming `name`), and Admin always grants every permission (400 naming `grantedPermissionNames`). Nobody adds ' +
    'a permission it does not hold (403); taking one away is allowed. Another tenant’s role id: 404. Audited.',
  auth: 'caller',
  input: UpdateRoleInputSchema,
  output: RoleDtoSchema,
  async handle({ caller, input, services }) {
    return services.roles.update(caller, input);
  },
});
