import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { TenantId } from '../../../../../services/contract-fields.js';

export const purgeTenant = rpcMethod({
  path: 'Platform/Tenant/PurgeTenant',
  summary: 'Erase a deleted tenant and all its data now, instead of after the retention period',
  description:
    'Only a deleted tenant can be purged (a live one: 409). Every row the tenant owns is erased; an audit record of ' +
    'the purge stays, the tenant id is never reused, and the tenancy name becomes free again.',
  auth: 'caller',
  input: Type.Object({ id: TenantId() }),
  output: null,
  async handle({ caller, input, services }) {
    await services.tenantPurge.purge(caller, input.id);
  },
});
