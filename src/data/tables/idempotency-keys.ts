import type { ColumnType } from 'kysely';

type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** A caller's idempotency key: the request it was first used for and, once answered, that answer. */
export interface IdempotencyKeyTable {
  tenant_id: number;
  user_id: number;
  key: string;
  method: string;
  fingerprint: Buffer;
  /** Null while the first request is still being answered. */
  status_code: number | null;
  content_type: string | null;
  body: string | null;
  /** When the key was claimed; while its request runs, renewed as a sign of life (an unanswered old one is abandoned). */
  created_at: Stamp;
  /** When the first request's changes committed (in their own transaction); null while none has. */
  committed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface IdempotencyKeyTables {
  idempotency_keys: IdempotencyKeyTable;
}
