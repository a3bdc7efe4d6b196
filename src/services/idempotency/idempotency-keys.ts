import type { Data } from '../../data/index.js';
import type { IdempotencyKeyId } from '../../data/idempotency-keys.js';
import type { Caller } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';
import { fingerprintOf, sameFingerprint } from '../../domain/fingerprint.js';

/** How long an answer is kept for retries (Stripe keeps them 24 hours). */
export const IDEMPOTENCY_RETENTION_SECONDS = 24 * 3600;
/** A first request unanswered for this long died with its process; the key may be claimed again. */
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
 */
export class IdempotencyKeys {
  constructor(private readonly data: Data) {}

  async start(caller: Caller, key: string, method: string, request: unknown): Promise<IdempotentStart> {
    if (!KEY_PATTERN.test(key)) {
      throw AppError.field('Idempotency-Key', 'The Idempotency-Key header must be 1 to 255 visible ASCII characters.');
    }
    const id: IdempotencyKeyId = { tenantId: caller.tenantId, userId: caller.userId, key };
    const fingerprint = fingerprintOf({ method, request });
    const existing = await this.data.idempotencyKeys.claim(
      id,
      { method, fingerprint },
      { retentionSeconds: IDEMPOTENCY_RETENTION_SECONDS, abandonedSeconds: ABANDONED_SECONDS },
    );
    if (!existing) return { kind: 'run', id };
    if (existing.method !== method || !sameFingerprint(existing.fingerprint, fingerprint)) {
      throw AppError.conflict('This Idempotency-Key was already used for another request; send a new key for a new request.', [
        { field: 'Idempotency-Key', message: 'This Idempotency-Key was already used for another request.' },
      ]);
    }
    if (existing.status_code === null || existing.body === null) {
      throw AppError.conflict('A request with this Idempotency-Key is still being answered; retry in a moment.', [
        { field: 'Idempotency-Key', message: 'A request with this Idempotency-Key is still being answered.' },
      ]);
    }
    return { kind: 'replay', statusCode: existing.status_code, contentType: existing.content_type, body: existing.body };
  }

  /** Keeps the answer of a request that ran (any answer but a server fault, which frees the key instead). */
  async finish(id: IdempotencyKeyId, answer: { statusCode: number; contentType: string | null; body: string }): Promise<void> {
    if (answer.statusCode >= 500) await this.data.idempotencyKeys.release(id);
    else await this.data.idempotencyKeys.complete(id, answer);
  }
}
