import { Type } from 'typebox';
import { TenantSubscriptionSchema } from '../../../../../services/payments/tenant-subscriptions.js';
import { Id } from '../../../../../services/contract-fields.js';
import { rpcMethod } from '../../../define.js';

export const getTenantSubscriptions = rpcMethod({
  path: 'Platform/TenantSubscription/GetSubscriptions',
  summary: 'A tenant’s subscribed products, with their period, status and price',
  description:
    'A tenant admin lists its own tenant’s subscriptions (another `tenantId`: 404). A host caller names the `tenantId` (absent: a 400 ' +
    'naming it), a deleted tenant’s too. A subscription is `pending` until its first invoice is paid (`CRM/Invoice/GetInvoices`).',
  auth: 'caller',
  input: Type.Object({ tenantId: Type.Optional(Id({ description: 'Host callers: whose subscriptions.' })) }),
  output: Type.Object({ items: Type.Array(TenantSubscriptionSchema) }),
  async handle({ caller, input, services }) {
    return { items: await services.tenantSubscriptions.list(caller, input.tenantId) };
  },
});
