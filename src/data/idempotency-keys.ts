import { sql, type ExpressionBuilder, type Selectable } from 'kysely';
import type { Executor } from './executor.js';
import type { Schema } from './schema.js';
import type { IdempotencyKeyTable } from './tables/idempotency-keys.js';

/** A key's row as a claim found it; `abandoned`: unanswered for longer than the claim's abandoned period. */
export type IdempotencyKeyRow = Selectable<IdempotencyKeyTable> & { abandoned: boolean };

export interface IdempotencyKeyId {
  tenantId: number;
  userId: number;
  key: string;
}

/** The row of one caller's key, in any statement on the table. */
const isKey = (id: IdempotencyKeyId) => (eb: ExpressionBuilder<Schema, 'idempotency_keys'>) =>
  eb.and([eb('tenant_id', '=', id.tenantId), eb('user_id', '=', id.userId), eb('key', '=', id.key)]);

/** Callers' idempotency keys (tenant key first, then the caller, then the key). */
export function idempotencyKeyQueries(db: Executor) {
  const secondsAgo = (seconds: number) => sql<Date>`now() - make_interval(secs => ${seconds})`;
  const row = (id: IdempotencyKeyId, abandonedSeconds: number) =>
    db
      .selectFrom('idempotency_keys')
      .selectAll()
      .select(sql<boolean>`status_code is null and created_at < ${secondsAgo(abandonedSeconds)}`.as('abandoned'))
      .where(isKey(id));
  return {
    /**
     * Claims a key for a new request in one statement: a free key, one older than `retentionSeconds`, or one whose
     * first request was abandoned unanswered for `abandonedSeconds` (its process died) *before any of its changes
     * committed* is taken over. A key whose request committed its changes is never taken over within the
     * retention, answered or not: running it again would make its change twice. Answers undefined when the claim
     * succeeded, else the key's row as it stands.
     */
    async claim(
      id: IdempotencyKeyId,
      request: { method: string; fingerprint: Buffer },
      limits: { retentionSeconds: number; abandonedSeconds: number },
    ): Promise<IdempotencyKeyRow | undefined> {
      const claimed = await db
        .insertInto('idempotency_keys')
        .values({ tenant_id: id.tenantId, user_id: id.userId, key: id.key, method: request.method, fingerprint: request.fingerprint })
        .onConflict((oc) =>
          oc
            .columns(['tenant_id', 'user_id', 'key'])
            .doUpdateSet({
              method: request.method,
              fingerprint: request.fingerprint,
              status_code: null,
              content_type: null,
              body: null,
              created_at: sql`now()`,
              committed_at: null,
            })
            .where((eb) =>
              eb.or([
                eb('idempotency_keys.created_at', '<', secondsAgo(limits.retentionSeconds)),
                eb.and([
                  eb('idempotency_keys.status_code', 'is', null),
                  eb('idempotency_keys.committed_at', 'is', null),
                  eb('idempotency_keys.created_at', '<', secondsAgo(limits.abandonedSeconds)),
                ]),
              ]),
            ),
        )
        .returning('key')
        .executeTakeFirst();
      if (claimed) return undefined;
      return row(id, limits.abandonedSeconds).executeTakeFirst();
    },

    /**
     * Marks the key's request as carried out, inside the transaction that commits its changes, so the mark
     * commits exactly when they do (idempotency-commit-marks.ts). A request marked already keeps its first mark.
     */
    async markCommitted(id: IdempotencyKeyId): Promise<void> {
      await db
        .updateTable('idempotency_keys')
        .set({ committed_at: sql`now()` })
        .where(isKey(id))
        .where('committed_at', 'is', null)
        .execute();
    },

    /** Renews the claim of a request still running (not answered yet), so that it never looks abandoned. */
    async renew(id: IdempotencyKeyId): Promise<void> {
      await db
        .updateTable('idempotency_keys')
        .set({ created_at: sql`now()` })
        .where(isKey(id))
        .where('status_code', 'is', null)
        .execute();
    },

    /** Stores the answer of the request that holds the key. */
    async complete(id: IdempotencyKeyId, answer: { statusCode: number; contentType: string | null; body: string }): Promise<void> {
      await db
        .updateTable('idempotency_keys')
        .set({ status_code: answer.statusCode, content_type: answer.contentType, body: answer.body })
        .where(isKey(id))
        .execute();
    },

    /**
     * Frees a key whose request failed on the server's side, so that a retry runs it again — unless some of its
     * changes committed before it failed: that key stays held, and a retry is told the request was carried out.
     * Answers whether the key was freed.
     */
    async release(id: IdempotencyKeyId): Promise<boolean> {
      const result = await db
        .deleteFrom('idempotency_keys')
        .where(isKey(id))
        .where('status_code', 'is', null)
        .where('committed_at', 'is', null)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    /**
     * Housekeeping: deletes up to `limit` keys first used more than `retentionSeconds` ago (a claim would take
     * them over anyway), in one short statement; answers how many.
     */
    async deleteExpired(retentionSeconds: number, limit: number): Promise<number> {
      const result = await sql`
        delete from idempotency_keys where (tenant_id, user_id, key) in (
          select tenant_id, user_id, key from idempotency_keys where created_at < ${secondsAgo(retentionSeconds)} limit ${limit})`.execute(db);
      return Number(result.numAffectedRows ?? 0n);
    },
  };
}
