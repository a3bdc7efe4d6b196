import type { AuditEntry, AuditLogQueries } from '../../data/audit-log.js';
import type { Caller } from '../../domain/caller.js';
import { NO_ORIGIN, type RequestOrigin } from '../../domain/request-origin.js';

/** One audit entry as a use case states it; who acted and from where come from `recordAudit`'s `by`. */
export interface AuditRecord {
  tenantId: number;
  /** `subject.verb`, past tense: `user.updated`, `sign_in.failed`. */
  action: string;
  /** What the action concerns: `user:12`, `apikey:7`, `tenant:3`. */
  target?: string | null;
  /** What changed, as it was and as it became (see `changeSummary`). Never secrets or hashes. */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  details?: Record<string, unknown> | null;
  /**
   * Who acted when `by` is not a caller: the user acting for itself (a sign-in, a redeemed link) or the user
   * a refused attempt was aimed at. Ignored when `by` is a caller.
   */
  actor?: { tenantId: number; userId: number; userName?: string | null } | null;
}

/**
 * Who an entry is recorded for: an authenticated caller (actor and origin), the origin of a request that
 * has no caller (yet), or `'system'` for work no request started (scheduled purges).
 */
export type AuditSource = Caller | RequestOrigin | 'system';

/**
 * Records an audit entry. Called with a transaction, it is written in the change's own transaction, so a
 * change is never without its entry nor an entry without its change; called with the data layer itself, it
 * is written on its own (a security event that refuses, such as a failed sign-in).
 */
export async function recordAudit(tx: { auditLog: AuditLogQueries }, by: AuditSource, record: AuditRecord): Promise<void> {
  await tx.auditLog.append(auditEntry(by, record));
}

/** The entry `recordAudit` writes, for a statement that writes it together with the change it records. */
export function auditEntry(by: AuditSource, record: AuditRecord): AuditEntry {
  const caller = by !== 'system' && 'userId' in by ? by : undefined;
  const origin: RequestOrigin = by === 'system' ? NO_ORIGIN : 'userId' in by ? by.from : by;
  const actor = caller ? { tenantId: caller.tenantId, userId: caller.userId, userName: caller.userName } : (record.actor ?? null);
  // In an impersonated session the entry names both: the user acted on, and who was signed in as that user.
  const impersonator = caller?.impersonator ? { tenantId: caller.impersonator.tenantId, userId: caller.impersonator.userId, userName: caller.impersonator.userName } : null;
  return {
    tenantId: record.tenantId,
    actor,
    impersonator,
    action: record.action,
    target: record.target ?? null,
    details: record.details ?? null,
    before: record.before ?? null,
    after: record.after ?? null,
    clientIp: origin.clientIp,
    userAgent: origin.userAgent,
  };
}

/** The fields of two summaries that differ, as `{before, after}`; both null when nothing changed. */
export function changeSummary<T extends Record<string, unknown>>(before: T, after: T): { before: Partial<T> | null; after: Partial<T> | null } {
  const was: Partial<T> = {};
  const became: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    was[key] = before[key];
    became[key] = after[key];
  }
  return Object.keys(became).length > 0 ? { before: was, after: became } : { before: null, after: null };
}
