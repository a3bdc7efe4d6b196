import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { TenantId } from '../../../../../services/contract-fields.js';

export const deleteTenant = rpcMethod({
  path: 'Platform/Tenant/DeleteTenant',
  summary: 'Delete a tenant (soft delete, restorable until it is purged)',
  description:
    'At once and for good every session, refresh token, API key and unused login link of the tenant’s users ends (a ' +
    'restore revives none of them) and its users are unlinked from ' +
    'other tenants’ users. The tenancy name stays reserved until the tenant is purged. `Id` is required (any case).',
  auth: 'caller',
  input: Type.Object({ id: TenantId({ description: 'The tenant id (`?Id=`).' }) }),
  output: null,
  async handle({ caller, input, services }) {
    await services.tenantLifecycle.delete(caller, input.id);
  },
});
