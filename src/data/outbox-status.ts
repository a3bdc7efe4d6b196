import { sql } from 'kysely';
import type { Executor } from './executor.js';
import { OUTBOX_CHANNEL } from './outbox.js';

/** The state of one topic's outbox: what waits, what was given up, and how long the oldest has waited. */
export interface OutboxTopicStatus {
  topic: string;
  pending: number;
  failed: number;
  /** Seconds since the oldest undelivered, not given-up message was written; 0 when none waits. */
  oldestPendingSeconds: number;
}

export interface FailedOutboxMessage {
  tenantId: number;
  id: number;
  topic: string;
  attempts: number;
  createdAt: Date;
  failedAt: Date;
  lastError: string | null;
}

/** Which given-up messages to deliver again: every one, one tenant's, or one message. */
export interface OutboxRetrySelection {
  tenantId?: number | undefined;
  id?: number | undefined;
  topic?: string | undefined;
}

/** Reads and repairs the outbox for operators (the CLI's `outbox status|retry`, the metrics' depth and lag). */
export function outboxStatusQueries(db: Executor) {
  return {
    async byTopic(): Promise<OutboxTopicStatus[]> {
      const result = await sql<{ topic: string; pending: number | string; failed: number | string; oldest: number | string | null }>`
        select topic,
               count(*) filter (where failed_at is null) as pending,
               count(*) filter (where failed_at is not null) as failed,
               extract(epoch from now() - min(created_at) filter (where failed_at is null)) as oldest
          from outbox
         where delivered_at is null
         group by topic
         order by topic`.execute(db);
      return result.rows.map((row) => ({
        topic: row.topic,
        pending: Number(row.pending),
        failed: Number(row.failed),
        oldestPendingSeconds: row.oldest === null ? 0 : Math.max(0, Number(row.oldest)),
      }));
    },

    async listFailed(limit: number): Promise<FailedOutboxMessage[]> {
      const rows = await db
        .selectFrom('outbox')
        .select(['tenant_id', 'id', 'topic', 'attempts', 'created_at', 'failed_at', 'last_error'])
        .where('delivered_at', 'is', null)
        .where('failed_at', 'is not', null)
        .orderBy('failed_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ tenantId: r.tenant_id, id: r.id, topic: r.topic, attempts: r.attempts, createdAt: r.created_at, failedAt: r.failed_at!, lastError: r.last_error }));
    },

    /** Gives given-up messages a fresh set of attempts, due now, and wakes the dispatchers; answers how many. */
    async retryFailed(selection: OutboxRetrySelection): Promise<number> {
      let query = db
        .updateTable('outbox')
        .set({ failed_at: null, attempts: 0, available_at: sql`now()` })
        .where('delivered_at', 'is', null)
        .where('failed_at', 'is not', null);
      if (selection.tenantId !== undefined) query = query.where('tenant_id', '=', selection.tenantId);
      if (selection.id !== undefined) query = query.where('id', '=', selection.id);
      if (selection.topic !== undefined) query = query.where('topic', '=', selection.topic);
      const returned = await query.returning('topic').execute();
      for (const topic of new Set(returned.map((row) => row.topic))) await sql`select pg_notify(${OUTBOX_CHANNEL}, ${topic})`.execute(db);
      return returned.length;
    },
  };
}

export type OutboxStatusQueries = ReturnType<typeof outboxStatusQueries>;
