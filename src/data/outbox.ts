import type { Executor } from './executor.js';

/** The transactional outbox: a message written with the change it announces, delivered after commit. */
export function outboxQueries(db: Executor) {
  return {
    /** Enqueues a message; with a dedupe key, a second message of the same topic and key is dropped. */
    async enqueue(message: { tenantId: number; topic: string; payload: unknown; dedupeKey?: string }): Promise<void> {
      await db
        .insertInto('outbox')
        .values({
          tenant_id: message.tenantId,
          topic: message.topic,
          dedupe_key: message.dedupeKey ?? null,
          payload: JSON.stringify(message.payload),
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'topic', 'dedupe_key']).where('dedupe_key', 'is not', null).doNothing())
        .execute();
    },

    async listForTenant(tenantId: number, topic?: string) {
      let query = db.selectFrom('outbox').selectAll().where('tenant_id', '=', tenantId);
      if (topic) query = query.where('topic', '=', topic);
      return query.orderBy('id').execute();
    },
  };
}

export type OutboxQueries = ReturnType<typeof outboxQueries>;
