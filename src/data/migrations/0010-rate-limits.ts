import { sql, type Kysely } from 'kysely';

/**
 * Rate limits. `rate_limit_counters` holds one fixed-window counter per bucket (an API key's minute, a client
 * IP's day, an account's sign-ins, …), shared by every instance: one upsert per request counts a hit and answers
 * the count. It is not tenant data (buckets name keys, addresses and accounts) and may be emptied at any time.
 * API keys and tenants get optional limits of their own; null means the next level's (key → tenant → service).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table rate_limit_counters (
      bucket text primary key,
      hits integer not null,
      reset_at timestamptz not null
    )`.execute(db);
  await sql`create index rate_limit_counters_reset_at on rate_limit_counters (reset_at)`.execute(db);
  for (const table of ['api_keys', 'tenants']) {
    await sql`alter table ${sql.table(table)}
      add column rate_limit_per_minute integer check (rate_limit_per_minute > 0),
      add column rate_limit_per_day integer check (rate_limit_per_day > 0)`.execute(db);
  }
}
