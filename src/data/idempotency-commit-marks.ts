import { AsyncLocalStorage } from 'node:async_hooks';
import type { Executor } from './executor.js';
import { idempotencyKeyQueries, type IdempotencyKeyId } from './idempotency-keys.js';

/** The key the current request holds, and whether a transaction of it has committed its mark already. */
interface HeldKey {
  id: IdempotencyKeyId;
  marked: boolean;
}

const held = new AsyncLocalStorage<HeldKey>();

/**
 * At most once for a request that holds an `Idempotency-Key`. Its answer is kept only after its transactions
 * commit, so a crash in between would leave the key unanswered, and a retry after the abandoned period would
 * run the request a second time. While `work` runs, every transaction that commits (`Data.transaction`,
 * `Data.tenantTransaction`) therefore marks the key's row first, in that same transaction: the mark commits if
 * and only if the changes do, and a claim never takes over a marked key (idempotency-keys.ts).
 *
 * One statement in the first committing transaction of such a request; none in later ones, none without a key.
 */
export function whileHoldingIdempotencyKey<T>(id: IdempotencyKeyId, work: () => T): T {
  return held.run({ id, marked: false }, work);
}

/** Whether a write now would have to mark the held key (the request holds one, not marked yet). */
export function mustMarkHeldIdempotencyKey(): boolean {
  const key = held.getStore();
  return key !== undefined && !key.marked;
}

/**
 * Called by a transaction after its work and before its commit: marks the held key, if any, on `tx`. Answers a
 * function to call once the transaction has committed, so that later transactions of the request skip the mark.
 * A tenant transaction may write the mark under row-level security: it runs for the caller's own tenant
 * (`transactionFor`), which is the tenant the key belongs to.
 */
export async function markHeldIdempotencyKey(tx: Executor): Promise<(() => void) | undefined> {
  const key = held.getStore();
  if (!key || key.marked) return undefined;
  await idempotencyKeyQueries(tx).markCommitted(key.id);
  return () => {
    key.marked = true;
  };
}
