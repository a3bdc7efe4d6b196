import { Type } from 'typebox';
import { SubscriptionDtoSchema } from '../../../../../services/billing/tenant-billing.js';
import { Id } from '../../../../ids.js';
import { rpcMethod } from '../../../define.js';

export const getTenantSubscriptions = rpcMethod({
  path: 'Platform/TenantSubscription/GetSubscriptions',
  summary: 'A tenant’s subscribed products: the host names the tenant, a tenant reads its own',
  description: 'Host callers need `Tenants.Manage` and must give `tenantId`; tenant callers need `Payments.Manage` and may only name their own tenant.',
  auth: 'caller',
  input: Type.Object({ tenantId: Type.Optional(Id({ description: 'Host callers: whose subscriptions.' })) }),
  output: Type.Object({ items: Type.Array(SubscriptionDtoSchema) }),
  async handle({ caller, input, services }) {
    return { items: await services.tenantBilling.subscriptions(caller, input.tenantId) };
  },
});
