import { sql, type Kysely } from 'kysely';

/**
 * Outbox delivery: a message that keeps failing is given up (`failed_at`) instead of being retried forever;
 * it stays in the table, undelivered, for an operator to read. The pending index leaves such messages out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table outbox add column failed_at timestamptz`.execute(db);
  await sql`drop index outbox_pending_idx`.execute(db);
  await sql`create index outbox_pending_idx on outbox (available_at) where delivered_at is null and failed_at is null`.execute(db);
}
