import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor } from './executor.js';
import type { EventExecutionTable } from './tables/events.js';

export type EventExecutionRow = Selectable<EventExecutionTable>;

/** The delivery log: one row per attempt to deliver one event to one subscription. */
export function eventExecutionQueries(db: Executor) {
  return {
    async append(execution: Insertable<EventExecutionTable>): Promise<void> {
      await db.insertInto('event_executions').values(execution).execute();
    },

    /**
     * Housekeeping: deletes up to `limit` delivery attempts of every tenant made more than `retentionDays` ago (by
     * the index on `started_at`, migration 0035), in one short statement; answers how many.
     */
    async deleteOld(retentionDays: number, limit: number): Promise<number> {
      const result = await sql`
        delete from event_executions where (tenant_id, id) in (
          select tenant_id, id from event_executions where started_at < now() - make_interval(days => ${retentionDays}) limit ${limit})`.execute(db);
      return Number(result.numAffectedRows ?? 0n);
    },

    async find(tenantId: number, id: number): Promise<EventExecutionRow | undefined> {
      return db.selectFrom('event_executions').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    },

    /** One subscription's attempts, newest first. */
    async list(tenantId: number, subscriptionId: number, page: { skip: number; take: number }): Promise<{ total: number; items: EventExecutionRow[] }> {
      const base = db.selectFrom('event_executions').where('tenant_id', '=', tenantId).where('subscription_id', '=', subscriptionId);
      const [count, items] = await Promise.all([
        base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
        base.selectAll().orderBy('id', 'desc').offset(page.skip).limit(page.take).execute(),
      ]);
      return { total: Number(count.total), items };
    },
  };
}

export type EventExecutionQueries = ReturnType<typeof eventExecutionQueries>;
