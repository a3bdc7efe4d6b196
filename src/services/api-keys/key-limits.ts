import type { RateLimitConfig } from '../../config.js';
import type { Queries } from '../../data/index.js';
import { isHost, type Caller } from '../../domain/caller.js';
import { AppError, type FieldProblem } from '../../domain/errors.js';
import type { RequestedKeyLimits } from './contracts.js';

/**
 * No caller grants more than it holds: a tenant's caller may give a key limits up to its tenant's (the tenant's
 * own, set by the host, else the service's defaults), never above; a host caller may give any.
 */
export async function demandKeyLimitsAllowed(tx: Queries, caller: Caller, requested: RequestedKeyLimits, defaults: RateLimitConfig): Promise<void> {
  if (isHost(caller)) return;
  const { rateLimitPerMinute: perMinute, rateLimitPerDay: perDay } = requested;
  if (typeof perMinute !== 'number' && typeof perDay !== 'number') return;
  const tenant = await tx.tenants.findAny(caller.tenantId);
  const ceiling = {
    rateLimitPerMinute: tenant?.rate_limit_per_minute ?? defaults.keyPerMinute,
    rateLimitPerDay: tenant?.rate_limit_per_day ?? defaults.keyPerDay,
  };
  const problems: FieldProblem[] = [];
  for (const field of ['rateLimitPerMinute', 'rateLimitPerDay'] as const) {
    const value = requested[field];
    if (typeof value === 'number' && value > ceiling[field]) {
      problems.push({ field, message: `${field} may be at most ${ceiling[field]}, your tenant's limit.` });
    }
  }
  if (problems.length > 0) throw new AppError('forbidden', problems.map((p) => p.message).join(' '), { fields: problems });
}
