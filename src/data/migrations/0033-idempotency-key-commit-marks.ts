import { sql, type Kysely } from 'kysely';

/**
 * When the changes of the request holding an idempotency key committed: set in the same transaction as those
 * changes (data/idempotency-commit-marks.ts), so a key whose answer was lost to a crash is known to have been
 * carried out and is never run a second time. Null: nothing the request did has committed (yet).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table idempotency_keys add column committed_at timestamptz`.execute(db);
}
