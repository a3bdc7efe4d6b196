import { Type } from 'typebox';
import { requestContext } from '../../../../request-caller.js';
import { rpcMethod } from '../../../define.js';
import { userFields } from './schemas.js';
import { UserDtoSchema } from '../../../../../services/users/user-dto.js';

export const updateUser = rpcMethod({
  path: 'Platform/User/UpdateUser',
  summary: 'Change a user of the caller’s tenant; absent fields stay as they are',
  description:
    '`isActive: false` ends every session, token and API key of the user at once; reactivating requires a new ' +
    'sign-in. `roleNames` replaces the user’s roles, effective at once. The last active admin cannot be ' +
    'deactivated or lose the Admin role (409); nobody can deactivate themselves.',
  auth: 'caller',
  permission: 'Users.Manage',
  input: Type.Object({
    id: Type.Integer({ minimum: 1 }),
    userName: Type.Optional(userFields.userName),
    name: Type.Optional(userFields.name),
    surname: Type.Optional(userFields.surname),
    emailAddress: Type.Optional(userFields.emailAddress),
    phoneNumber: userFields.phoneNumber,
    isActive: userFields.isActive,
    shouldChangePasswordOnNextLogin: userFields.shouldChangePasswordOnNextLogin,
    roleNames: userFields.roleNames,
  }),
  output: UserDtoSchema,
  async handle({ caller, input, services, request }) {
    return services.users.update(caller, input, requestContext(request));
  },
});
