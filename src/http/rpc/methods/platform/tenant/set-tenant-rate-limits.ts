import { TenantRateLimitsInputSchema, TenantRateLimitsSchema } from '../../../../../services/tenants/tenant-rate-limits.js';
import { rpcMethod } from '../../../define.js';

export const setTenantRateLimits = rpcMethod({
  path: 'Platform/Tenant/SetTenantRateLimits',
  summary: "Set a tenant's API-key rate limits (per minute and per day), or null for the service defaults",
  description:
    "They apply to every key of the tenant without limits of its own, within 30 seconds on every instance, and cap the limits the tenant's admins may give a key.",
  auth: 'caller',
  input: TenantRateLimitsInputSchema,
  output: TenantRateLimitsSchema,
  async handle({ caller, input, services }) {
    return services.tenantRateLimits.set(caller, input);
  },
});
