import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';

export const getAllPermissions = rpcMethod({
  path: 'Platform/Permission/GetAllPermissions',
  summary: 'The permissions a role of the caller’s tenant can grant, with their display names',
  description: 'As ASP.NET Zero’s `Permission/GetAllPermissions`. A tenant’s roles cannot grant the host’s permissions (managing tenants, the catalogue, leads).',
  auth: 'caller',
  input: Type.Object({}),
  output: Type.Object({ items: Type.Array(Type.Object({ name: Type.String(), displayName: Type.String() })) }),
  async handle({ caller, services }) {
    return services.roles.permissions(caller);
  },
});
