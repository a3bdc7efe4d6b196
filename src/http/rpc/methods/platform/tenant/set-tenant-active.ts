import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { TenantId } from '../../../../../services/contract-fields.js';

export const setTenantActive = rpcMethod({
  path: 'Platform/Tenant/SetTenantActive',
  summary: 'Suspend (`isActive: false`) or resume a tenant',
  description: 'Suspension ends every session, refresh token, API key and unused login link of the tenant’s users at once and ' +
    'for good, and keeps them from signing in until it is resumed; resuming revives none of those credentials.',
  auth: 'caller',
  input: Type.Object({ id: TenantId(), isActive: Type.Boolean() }),
  output: null,
  async handle({ caller, input, services }) {
    await services.tenantLifecycle.setActive(caller, input.id, input.isActive);
  },
});
