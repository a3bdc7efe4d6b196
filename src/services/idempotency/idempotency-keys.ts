import type { Data } from '../../data/index.js';
import { whileHoldingIdempotencyKey } from '../../data/idempotency-commit-marks.js';
import type { IdempotencyKeyId } from '../../data/idempotency-keys.js';
import type { Caller } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';
import { fingerprintOf, sameFingerprint } from '../../domain/fingerprint.js';

/** How long an answer is kept for retries (Stripe keeps them 24 hours). */
export const IDEMPOTENCY_RETENTION_SECONDS = 24 * 3600;
/**
 * A first request unanswered for this long died with its process: the key may be claimed again if none of its
 * changes committed, and is known to have lost its answer if they did. A request still running renews its claim
 * four times as often, however long it runs, so only a dead (or stalled) one ever looks abandoned.
 */
const ABANDONED_SECONDS = 120;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** What a request with an idempotency key may do: run (it holds the key now) or replay the stored answer. */
export type IdempotentStart =
  | { kind: 'run'; id: IdempotencyKeyId }
  | { kind: 'replay'; statusCode: number; contentType: string | null; body: string };

/**
 * The `Idempotency-Key` contract of the RPC dialect's POSTs (Stripe's, and the IETF draft's): the first request
 * with a key runs and its answer is kept; a retry with the same key and the same request gets that answer again
 * and changes nothing; the same key with another request is a 409, as is a retry while the first still runs. A
 * key belongs to its caller (tenant and user). Answers of server faults are not kept, so their retry runs again.
 * At most once: a request whose changes committed is never run again under its key, even when its answer was
 * lost (its process died between the commit and keeping the answer); its retries are told so with a 409.
 */
export class IdempotencyKeys {
  constructor(
    private readonly data: Data,
    /** Tests shorten it to see a long request renew its claim. */
    private readonly abandonedSeconds = ABANDONED_SECONDS,
  ) {}

  async start(caller: Caller, key: string, method: string, request: unknown): Promise<IdempotentStart> {
    if (!KEY_PATTERN.test(key)) {
      throw AppError.field('Idempotency-Key', 'The Idempotency-Key header must be 1 to 255 visible ASCII characters.');
    }
    const id: IdempotencyKeyId = { tenantId: caller.tenantId, userId: caller.userId, key };
    const fingerprint = fingerprintOf({ method, request });
    const existing = await this.data.idempotencyKeys.claim(
      id,
      { method, fingerprint },
      { retentionSeconds: IDEMPOTENCY_RETENTION_SECONDS, abandonedSeconds: this.abandonedSeconds },
    );
    if (!existing) return { kind: 'run', id };
    if (existing.method !== method || !sameFingerprint(existing.fingerprint, fingerprint)) {
      throw AppError.conflict('This Idempotency-Key was already used for another request; send a new key for a new request.', [
        { field: 'Idempotency-Key', message: 'This Idempotency-Key was already used for another request.' },
      ]);
    }
    if (existing.status_code === null || existing.body === null) {
      if (existing.committed_at !== null && existing.abandoned) throw answerLost();
      throw AppError.conflict('A request with this Idempotency-Key is still being answered; retry in a moment.', [
        { field: 'Idempotency-Key', message: 'A request with this Idempotency-Key is still being answered.' },
      ]);
    }
    return { kind: 'replay', statusCode: existing.status_code, contentType: existing.content_type, body: existing.body };
  }

  /**
   * Runs the request that holds the key: every transaction of it that commits marks the key as carried out in
   * the same transaction, so that a crash before `finish` cannot lead to a second run. While it runs, its claim is
   * renewed, so that a retry never takes over a request that is merely slow.
   */
  async run<T>(id: IdempotencyKeyId, work: () => Promise<T>): Promise<T> {
    const renewal = setInterval(() => {
      // A renewal that fails leaves the claim as it was: a retry can take it over only once it looks abandoned.
      this.data.idempotencyKeys.renew(id).catch(() => undefined);
    }, (this.abandonedSeconds * 1000) / 4);
    renewal.unref();
    try {
      return await whileHoldingIdempotencyKey(id, work);
    } finally {
      clearInterval(renewal);
    }
  }

  /**
   * Keeps the answer of a request that ran. A server fault frees the key instead, unless the request's changes
   * committed before the fault (its retries then learn that it was carried out). So does a refusal of the caller
   * (401, 403: the use case's permission check comes after the key is claimed) that committed nothing: as Stripe
   * keeps no result for a request that never began, the same key works again once the caller may.
   */
  async finish(id: IdempotencyKeyId, answer: { statusCode: number; contentType: string | null; body: string }): Promise<void> {
    if (answer.statusCode >= 500) {
      await this.data.idempotencyKeys.release(id);
      return;
    }
    if ((answer.statusCode === 401 || answer.statusCode === 403) && (await this.data.idempotencyKeys.release(id))) return;
    await this.data.idempotencyKeys.complete(id, answer);
  }
}

/**
 * The retry of a request that was carried out (its changes committed) but whose answer was never kept, its process
 * having died first. Running it again would make its change twice, so the client reads the current state instead.
 */
function answerLost(): AppError {
  return AppError.conflict(
    'The request with this Idempotency-Key was carried out, but its answer was lost; it is not run again. Read the current state to see its result.',
    [{ field: 'Idempotency-Key', message: 'The request with this Idempotency-Key was carried out; its answer was lost.' }],
  );
}
