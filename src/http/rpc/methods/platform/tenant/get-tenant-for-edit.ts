import { Type } from 'typebox';
import { Id } from '../../../../../services/contract-fields.js';
import { rpcMethod } from '../../../define.js';
import { TenantEditDtoSchema, tenantEditDto } from './tenant-edit-fields.js';

export const getTenantForEdit = rpcMethod({
  path: 'Platform/Tenant/GetTenantForEdit',
  summary: 'A live tenant’s editable fields, as `UpdateTenant` takes them (ASP.NET Zero’s `TenantEditDto`)',
  description: 'Empty fields are null. A deleted tenant is not found (restore it first).',
  auth: 'caller',
  input: Type.Object({ id: Id() }),
  output: TenantEditDtoSchema,
  async handle({ caller, input, services }) {
    const [tenant] = (await services.tenantRegistry.read(caller, input.id)).tenants;
    return tenantEditDto(tenant!);
  },
});
