import { Type } from 'typebox';
import { requestContext } from '../../../../request-caller.js';
import { rpcMethod } from '../../../define.js';
import { RoleNamesSchema } from './schemas.js';
import { UserDtoSchema } from '../../../../../services/users/user-dto.js';

export const updateUserRoles = rpcMethod({
  path: 'Platform/User/UpdateUserRoles',
  summary: 'Replace the roles of a user of the caller’s tenant; the user’s permissions change at once',
  auth: 'caller',
  permission: 'Users.Manage',
  input: Type.Object({ userId: Type.Integer({ minimum: 1 }), roleNames: RoleNamesSchema }),
  output: UserDtoSchema,
  async handle({ caller, input, services, request }) {
    return services.users.setRoles(caller, input.userId, input.roleNames, requestContext(request));
  },
});
