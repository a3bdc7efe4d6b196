import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { TenantId } from '../../../../../services/contract-fields.js';

export const restoreTenant = rpcMethod({
  path: 'Platform/Tenant/RestoreTenant',
  summary: 'Bring back a deleted tenant that has not been purged yet',
  description: 'Sessions, refresh tokens, API keys and login links ended by the deletion stay ended, and account links removed by ' +
    'it are not restored: users sign in again and generate new keys.',
  auth: 'caller',
  input: Type.Object({ id: TenantId() }),
  output: null,
  async handle({ caller, input, services }) {
    await services.tenantLifecycle.restore(caller, input.id);
  },
});
