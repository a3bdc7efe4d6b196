import type { Executor } from './executor.js';

export interface AuditEntry {
  tenantId: number;
  /** Who acted (a caller, or a user acting for itself); null for the system (scheduled purges). */
  actor?: { tenantId: number; userId: number } | null;
  action: string;
  target?: string | null;
  details?: Record<string, unknown> | null;
  clientIp?: string | null;
}

/** Append-only record of security-relevant actions, written in the transaction of the action itself. */
export function auditLogQueries(db: Executor) {
  return {
    async append(entry: AuditEntry): Promise<void> {
      await db
        .insertInto('audit_log')
        .values({
          tenant_id: entry.tenantId,
          actor_tenant_id: entry.actor?.tenantId ?? null,
          actor_user_id: entry.actor?.userId ?? null,
          action: entry.action,
          target: entry.target ?? null,
          details: entry.details ? JSON.stringify(entry.details) : null,
          client_ip: entry.clientIp ?? null,
        })
        .execute();
    },

    async listForTenant(tenantId: number, limit = 100) {
      return db.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId).orderBy('id', 'desc').limit(limit).execute();
    },
  };
}

export type AuditLogQueries = ReturnType<typeof auditLogQueries>;
