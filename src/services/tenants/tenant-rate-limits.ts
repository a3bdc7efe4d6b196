import { Type, type Static } from 'typebox';
import type { Data } from '../../data/index.js';
import { demand, type Caller } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';
import { ownLimit } from '../../domain/rate-limits.js';
import { recordAudit } from '../audit/record-audit.js';
import type { CredentialGate } from '../security/credential-gate.js';
import { revocation } from '../security/revocation.js';
import { Id } from '../contract-fields.js';
import { MAX_INT4 } from '../../domain/paging.js';

/** A tenant's own API-key rate limits as `SetTenantRateLimits` answers them; null: the service's defaults. */
export const TenantRateLimitsSchema = Type.Object({
  tenantId: Type.Integer(),
  rateLimitPerMinute: Type.Union([Type.Integer(), Type.Null()], { description: 'Requests per minute per API key of the tenant; null: the service default' }),
  rateLimitPerDay: Type.Union([Type.Integer(), Type.Null()], { description: 'Requests per day per API key of the tenant; null: the service default' }),
});
export type TenantRateLimits = Static<typeof TenantRateLimitsSchema>;

const Limit = (window: string) =>
  Type.Union([Type.Integer({ minimum: 0, maximum: MAX_INT4 }), Type.Null()], {
    description: `Requests per ${window} per API key of the tenant (a key's own limit replaces it, up to it); 0 or null: the service default`,
  });

/** `Platform/Tenant/SetTenantRateLimits`' input: the tenant and its new limits. */
export const TenantRateLimitsInputSchema = Type.Object({ tenantId: Id(), rateLimitPerMinute: Limit('minute'), rateLimitPerDay: Limit('day') });
export type TenantRateLimitsInput = Static<typeof TenantRateLimitsInputSchema>;

/**
 * The host's per-tenant rate limits (ABP's per-tenant features, set by the host): they replace the service's
 * per-key defaults for every key of the tenant that has no limits of its own, and cap what the tenant's admins may
 * give their keys. Keys read them when verified; a change tells every instance to drop the tenant's cached keys.
 */
export class TenantRateLimitSettings {
  constructor(
    private readonly data: Data,
    private readonly gate: CredentialGate,
  ) {}

  async set(caller: Caller, input: TenantRateLimitsInput): Promise<TenantRateLimits> {
    demand(caller, 'Tenants.Manage');
    const limits = { rateLimitPerMinute: ownLimit(input.rateLimitPerMinute), rateLimitPerDay: ownLimit(input.rateLimitPerDay) };
    const answer = await this.data.transaction(async (tx) => {
      const tenant = await tx.tenants.findLive(input.tenantId);
      if (!tenant) throw AppError.notFound(`Tenant ${input.tenantId}`);
      const row = await tx.tenants.update(input.tenantId, {
        rate_limit_per_minute: limits.rateLimitPerMinute,
        rate_limit_per_day: limits.rateLimitPerDay,
        modified_by_user_id: caller.userId,
      });
      await recordAudit(tx, caller, {
        tenantId: input.tenantId,
        action: 'tenant.rate_limits.updated',
        target: `tenant:${input.tenantId}`,
        before: { rateLimitPerMinute: tenant.rate_limit_per_minute, rateLimitPerDay: tenant.rate_limit_per_day },
        after: limits,
      });
      await revocation.tenantChanged(tx, input.tenantId);
      return { tenantId: row!.id, rateLimitPerMinute: row!.rate_limit_per_minute, rateLimitPerDay: row!.rate_limit_per_day };
    });
    await this.gate.sync();
    return answer;
  }
}
