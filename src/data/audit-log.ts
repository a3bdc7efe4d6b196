import { sql } from 'kysely';
import type { Executor } from './executor.js';
import { containsPattern, escapeLike } from './like-patterns.js';

export interface AuditEntry {
  tenantId: number;
  /** Who acted (a caller, or a user acting for itself); null for the system (scheduled purges) or nobody known. */
  actor?: { tenantId: number; userId: number; userName?: string | null } | null;
  /** Who was signed in as the actor (an impersonated session); null otherwise. */
  impersonator?: { tenantId: number; userId: number; userName: string } | null;
  action: string;
  target?: string | null;
  details?: Record<string, unknown> | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  clientIp?: string | null;
  userAgent?: string | null;
}

export type AuditSortField = 'at' | 'id' | 'action' | 'actor_user_name';

/** What a reader of the log asks for; every criterion is optional and they all hold together. */
export interface AuditLogFilter {
  /** Absent: every tenant (the host's reading). */
  tenantId?: number | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Contains, ignoring case; the actor's name or the impersonator's. */
  actorUserName?: string | undefined;
  /** An action (`user.updated`) or the start of one (`user.`). */
  actionPrefix?: string | undefined;
  target?: string | undefined;
  sort: { field: AuditSortField; order: 'asc' | 'desc' }[];
  skip: number;
  take: number;
}

/** Append-only record of state changes and security events, written in the transaction of the change itself. */
export function auditLogQueries(db: Executor) {
  return {
    async append(entry: AuditEntry): Promise<void> {
      await db.insertInto('audit_log').values(auditLogRow(entry)).execute();
    },

    async listForTenant(tenantId: number, limit = 100) {
      return db.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId).orderBy('id', 'desc').limit(limit).execute();
    },

    /** One page of entries matching the filter, and how many match in all. */
    async search(filter: AuditLogFilter) {
      let query = db.selectFrom('audit_log');
      if (filter.tenantId !== undefined) query = query.where('tenant_id', '=', filter.tenantId);
      if (filter.from) query = query.where('at', '>=', filter.from);
      if (filter.to) query = query.where('at', '<=', filter.to);
      if (filter.actorUserName) {
        // The name of whoever acted, or of whoever was signed in as them (impersonation): a search for a support
        // engineer finds what they did in other users' names too.
        const pattern = containsPattern(filter.actorUserName);
        query = query.where((eb) => eb.or([eb(sql<string>`lower(actor_user_name)`, 'like', pattern), eb(sql<string>`lower(impersonator_user_name)`, 'like', pattern)]));
      }
      if (filter.actionPrefix) query = query.where('action', 'like', `${escapeLike(filter.actionPrefix)}%`);
      if (filter.target) query = query.where('target', '=', filter.target);
      const [count, items] = await Promise.all([
        query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
        filter.sort
          .reduce((q, key) => q.orderBy(key.field, key.order), query.selectAll())
          .orderBy('id', 'desc')
          .offset(filter.skip)
          .limit(filter.take)
          .execute(),
      ]);
      return { total: Number(count.count), items };
    },
  };
}

/** The row an entry is stored as (also written by statements that change something and record it at once). */
export function auditLogRow(entry: AuditEntry) {
  return {
    tenant_id: entry.tenantId,
    actor_tenant_id: entry.actor?.tenantId ?? null,
    actor_user_id: entry.actor?.userId ?? null,
    actor_user_name: entry.actor?.userName ?? null,
    impersonator_tenant_id: entry.impersonator?.tenantId ?? null,
    impersonator_user_id: entry.impersonator?.userId ?? null,
    impersonator_user_name: entry.impersonator?.userName ?? null,
    action: entry.action,
    target: entry.target ?? null,
    details: json(entry.details),
    before: json(entry.before),
    after: json(entry.after),
    client_ip: entry.clientIp ?? null,
    user_agent: entry.userAgent ?? null,
  };
}

function json(value: Record<string, unknown> | null | undefined): string | null {
  return value ? JSON.stringify(value) : null;
}

export type AuditLogQueries = ReturnType<typeof auditLogQueries>;
export type AuditLogRow = Awaited<ReturnType<AuditLogQueries['search']>>['items'][number];
