import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { RoleDtoSchema } from '../../../../../services/users/user-dto.js';

export const getRoles = rpcMethod({
  path: 'Platform/Role/GetRoles',
  summary: 'The roles of the caller’s tenant and the permissions each grants',
  auth: 'caller',
  input: Type.Object({}),
  output: Type.Object({
    items: Type.Array(RoleDtoSchema),
  }),
  async handle({ caller, services }) {
    return services.users.listRoles(caller);
  },
});
