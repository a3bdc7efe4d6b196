import { sql } from 'kysely';
import type { Executor } from './executor.js';

/** The channel on which an enqueue wakes the dispatchers (the notification is sent when the transaction commits). */
export const OUTBOX_CHANNEL = 'tenantry_outbox';

/** A message claimed for one delivery attempt; `attempts` counts this attempt and fences its outcome. */
export interface ClaimedMessage {
  tenantId: number;
  id: number;
  topic: string;
  payload: unknown;
  attempts: number;
  createdAt: Date;
}

/** The transactional outbox: a message written with the change it announces, delivered after commit. */
export function outboxQueries(db: Executor) {
  return {
    /**
     * Enqueues a message; with a dedupe key, a second message of the same topic and key is dropped. Messages
     * sharing an ordering key are delivered one at a time, in the order they were enqueued.
     */
    async enqueue(message: { tenantId: number; topic: string; payload: unknown; dedupeKey?: string; orderingKey?: string }): Promise<void> {
      await db
        .insertInto('outbox')
        .values({
          tenant_id: message.tenantId,
          topic: message.topic,
          dedupe_key: message.dedupeKey ?? null,
          payload: JSON.stringify(message.payload),
          ordering_key: message.orderingKey ?? null,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'topic', 'dedupe_key']).where('dedupe_key', 'is not', null).doNothing())
        .execute();
      await sql`select pg_notify(${OUTBOX_CHANNEL}, ${message.topic})`.execute(db);
    },

    /** `enqueue` for many messages at once (the bulk import's events and mails): one insert, one wake-up per topic. */
    async enqueueMany(messages: readonly { tenantId: number; topic: string; payload: unknown; dedupeKey?: string; orderingKey?: string }[]): Promise<void> {
      if (messages.length === 0) return;
      const rows = messages.map((m) => ({ tenant_id: m.tenantId, topic: m.topic, dedupe_key: m.dedupeKey ?? null, payload: m.payload, ordering_key: m.orderingKey ?? null }));
      await sql`
        insert into outbox (tenant_id, topic, dedupe_key, payload, ordering_key)
        select r.tenant_id, r.topic, r.dedupe_key, r.payload, r.ordering_key from json_populate_recordset(null::outbox, ${JSON.stringify(rows)}::json) as r
        on conflict (tenant_id, topic, dedupe_key) where dedupe_key is not null do nothing`.execute(db);
      for (const topic of new Set(messages.map((m) => m.topic))) await sql`select pg_notify(${OUTBOX_CHANNEL}, ${topic})`.execute(db);
    },

    async find(tenantId: number, id: number) {
      return db.selectFrom('outbox').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    },

    /** Drops the messages of an ordering key that are not delivered yet (the subscription they were for has ended). */
    async dropPending(tenantId: number, orderingKey: string): Promise<void> {
      await db.deleteFrom('outbox').where('tenant_id', '=', tenantId).where('ordering_key', '=', orderingKey).where('delivered_at', 'is', null).execute();
    },

    async listForTenant(tenantId: number, topic?: string) {
      let query = db.selectFrom('outbox').selectAll().where('tenant_id', '=', tenantId);
      if (topic) query = query.where('topic', '=', topic);
      return query.orderBy('id').execute();
    },

    /**
     * Claims up to `limit` due messages of the given topics in one statement: rows another claimer holds are
     * skipped (SKIP LOCKED), and each claimed row is leased (`available_at` moves past the lease) with its
     * attempt counted, so no other claimer takes it until the lease runs out. A message with an ordering key
     * waits while an earlier message of that key is neither delivered nor given up (in flight or retrying).
     */
    async claimDue(topics: readonly string[], options: { limit: number; leaseMs: number; maxAttempts: number }): Promise<ClaimedMessage[]> {
      if (topics.length === 0) return [];
      const result = await sql<{ tenant_id: number; id: number; topic: string; payload: unknown; attempts: number; created_at: Date }>`
        update outbox as o
           set available_at = now() + make_interval(secs => ${options.leaseMs / 1000}), attempts = o.attempts + 1
          from (select p.tenant_id, p.id from outbox as p
                 where p.delivered_at is null and p.failed_at is null and p.available_at <= now()
                   and p.attempts < ${options.maxAttempts} and p.topic = any(${[...topics]})
                   and (p.ordering_key is null or not exists (
                         select 1 from outbox as e
                          where e.ordering_key = p.ordering_key and e.id < p.id
                            and e.delivered_at is null and e.failed_at is null))
                 order by p.available_at, p.id
                 limit ${options.limit}
                 for update skip locked) as due
         where o.tenant_id = due.tenant_id and o.id = due.id
        returning o.tenant_id, o.id, o.topic, o.payload, o.attempts, o.created_at`.execute(db);
      return result.rows.map((r) => ({ tenantId: r.tenant_id, id: r.id, topic: r.topic, payload: r.payload, attempts: r.attempts, createdAt: r.created_at }));
    },

    /** Marks a claimed message delivered; a stale claim (the row was claimed again since) changes nothing. */
    async markDelivered(message: ClaimedMessage): Promise<boolean> {
      const result = await db
        .updateTable('outbox')
        .set({ delivered_at: sql`now()`, last_error: null })
        .where('tenant_id', '=', message.tenantId)
        .where('id', '=', message.id)
        .where('attempts', '=', message.attempts)
        .where('delivered_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** Records a failed attempt: retry after `retryInMs`, or give up (`failed_at`) when `retryInMs` is null. */
    async markAttemptFailed(message: ClaimedMessage, error: string, retryInMs: number | null): Promise<boolean> {
      const result = await db
        .updateTable('outbox')
        .set(
          retryInMs === null
            ? { last_error: error, failed_at: sql`now()`, available_at: sql`now()` }
            : { last_error: error, available_at: sql`now() + make_interval(secs => ${retryInMs / 1000})` },
        )
        .where('tenant_id', '=', message.tenantId)
        .where('id', '=', message.id)
        .where('attempts', '=', message.attempts)
        .where('delivered_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** Milliseconds (by the database's clock) until the next pending message of the topics is due, if any. */
    async nextDueInMs(topics: readonly string[]): Promise<number | undefined> {
      if (topics.length === 0) return undefined;
      const result = await sql<{ ms: number | string | null }>`
        select extract(epoch from min(available_at) - now()) * 1000 as ms
          from outbox
         where delivered_at is null and failed_at is null and topic = any(${[...topics]})`.execute(db);
      const ms = result.rows[0]?.ms;
      return ms === null || ms === undefined ? undefined : Number(ms);
    },

    /**
     * Gives up messages whose last allowed attempt never reported back (the process died mid-delivery and the
     * lease ran out), so they are not claimed forever.
     */
    async failAbandoned(topics: readonly string[], maxAttempts: number): Promise<number> {
      if (topics.length === 0) return 0;
      const result = await db
        .updateTable('outbox')
        .set({ failed_at: sql`now()`, last_error: sql`coalesce(last_error, 'The last delivery attempt did not finish.')` })
        .where('delivered_at', 'is', null)
        .where('failed_at', 'is', null)
        .where('available_at', '<=', sql<Date>`now()`)
        .where('attempts', '>=', maxAttempts)
        .where('topic', 'in', [...topics])
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    /**
     * Housekeeping: deletes up to `limit` messages delivered more than `retentionDays` ago, in one short statement;
     * answers how many. Undelivered messages (pending, or given up for an operator to read) are never touched.
     * A dedupe key holds only while its delivered message is kept.
     */
    async deleteDelivered(retentionDays: number, limit: number): Promise<number> {
      const result = await sql`
        delete from outbox where (tenant_id, id) in (
          select tenant_id, id from outbox where delivered_at < now() - make_interval(days => ${retentionDays}) limit ${limit})`.execute(db);
      return Number(result.numAffectedRows ?? 0n);
    },
  };
}

export type OutboxQueries = ReturnType<typeof outboxQueries>;
