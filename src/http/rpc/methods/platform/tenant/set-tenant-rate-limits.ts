import { Type } from 'typebox';
import { MAX_INT4 } from '../../../../../domain/paging.js';
import { TenantRateLimitsSchema } from '../../../../../services/tenants/tenant-rate-limits.js';
import { Id } from '../../../../../services/contract-fields.js';
import { rpcMethod } from '../../../define.js';

const Limit = (window: string) =>
  Type.Union([Type.Integer({ minimum: 0, maximum: MAX_INT4 }), Type.Null()], {
    description: `Requests per ${window} per API key of the tenant (a key's own limit replaces it, up to it); 0 or null: the service default`,
  });

export const setTenantRateLimits = rpcMethod({
  path: 'Platform/Tenant/SetTenantRateLimits',
  summary: "Set a tenant's API-key rate limits (per minute and per day), or null for the service defaults",
  description:
    "They apply to every key of the tenant without limits of its own, within 30 seconds on every instance, and cap the limits the tenant's admins may give a key.",
  auth: 'caller',
  input: Type.Object({ tenantId: Id(), rateLimitPerMinute: Limit('minute'), rateLimitPerDay: Limit('day') }),
  output: TenantRateLimitsSchema,
  async handle({ caller, input, services }) {
    return services.tenantRateLimits.set(caller, input);
  },
});
