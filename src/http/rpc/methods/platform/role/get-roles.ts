import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';

export const getRoles = rpcMethod({
  path: 'Platform/Role/GetRoles',
  summary: 'The roles of the caller’s tenant and the permissions each grants',
  auth: 'caller',
  permission: 'Users.Manage',
  input: Type.Object({}),
  output: Type.Object({
    items: Type.Array(
      Type.Object({
        id: Type.Integer(),
        name: Type.String(),
        displayName: Type.String(),
        isStatic: Type.Boolean(),
        isDefault: Type.Boolean(),
        creationTime: Type.String({ format: 'date-time' }),
        grantedPermissionNames: Type.Array(Type.String()),
      }),
    ),
  }),
  async handle({ caller, services }) {
    return services.users.listRoles(caller);
  },
});
