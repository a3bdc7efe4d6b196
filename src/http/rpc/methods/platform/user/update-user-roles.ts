import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { RoleNamesSchema } from '../../../../../services/users/contracts.js';
import { UserDtoSchema } from '../../../../../services/users/user-dto.js';
import { Id } from '../../../../../services/contract-fields.js';

export const updateUserRoles = rpcMethod({
  path: 'Platform/User/UpdateUserRoles',
  summary: 'Replace the roles of a user of the caller’s tenant; the user’s permissions change at once',
  description:
    'No caller grants a role carrying a permission it does not hold (403); through an API key (or a session opened ' +
    'through one) no role carrying any permission can be granted.',
  auth: 'caller',
  input: Type.Object({ userId: Id(), roleNames: RoleNamesSchema }),
  output: UserDtoSchema,
  async handle({ caller, input, services }) {
    return services.users.setRoles(caller, input.userId, input.roleNames);
  },
});
