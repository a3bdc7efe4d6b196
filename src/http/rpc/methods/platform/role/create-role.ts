import { rpcMethod } from '../../../define.js';
import { CreateRoleInputSchema } from '../../../../../services/users/contracts.js';
import { RoleDtoSchema } from '../../../../../services/users/user-dto.js';

export const createRole = rpcMethod({
  path: 'Platform/Role/CreateRole',
  summary: 'Create a role of the caller’s tenant granting the given permissions',
  description:
    'The name is unique in the tenant ignoring case (409 naming `name`). An unknown permission, or a host permission in a tenant’s ' +
    'role, is a 400 naming `grantedPermissionNames`. Nobody creates a role granting a permission it does not hold (403); through an ' +
    'API key (or a session opened through one) no role granting any permission can be created. Audited.',
  auth: 'caller',
  input: CreateRoleInputSchema,
  output: RoleDtoSchema,
  async handle({ caller, input, services }) {
    return services.roles.create(caller, input);
  },
});
