import { sql, type Selectable } from 'kysely';
import type { Executor } from './executor.js';
import type { SecurityEventTable } from './tables/foundation.js';

export type SecurityEventRow = Selectable<SecurityEventTable>;

/** The channel on which instances announce new security events to each other. */
export const SECURITY_EVENTS_CHANNEL = 'tenantry_security_events';

export function securityEventQueries(db: Executor) {
  return {
    /** Records the events and wakes every instance (the notification is sent when the transaction commits). */
    async append(events: { tenantId: number; kind: SecurityEventRow['kind']; subject: string }[]): Promise<SecurityEventRow[]> {
      if (events.length === 0) return [];
      const rows = await db
        .insertInto('security_events')
        .values(events.map((e) => ({ tenant_id: e.tenantId, kind: e.kind, subject: e.subject })))
        .returningAll()
        .execute();
      await sql`select pg_notify(${SECURITY_EVENTS_CHANNEL}, ${String(rows.at(-1)!.seq)})`.execute(db);
      return rows;
    },

    async listAfter(seq: number): Promise<SecurityEventRow[]> {
      return db.selectFrom('security_events').selectAll().where('seq', '>', seq).orderBy('seq').execute();
    },

    /** Revocations young enough to still matter (older ones concern tokens that have expired anyway). */
    async listRevocationsSince(since: Date): Promise<SecurityEventRow[]> {
      return db.selectFrom('security_events').selectAll().where('kind', '=', 'revoke').where('at', '>=', since).orderBy('seq').execute();
    },

    async lastSeq(): Promise<number> {
      const row = await db.selectFrom('security_events').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
      return Number(row?.seq ?? 0);
    },
  };
}

export type SecurityEventQueries = ReturnType<typeof securityEventQueries>;
