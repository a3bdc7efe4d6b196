import { sql, type Kysely } from 'kysely';

/**
 * The rate-limit counters need no write-ahead log: they "may be emptied at any time" (0010), so after a crash
 * PostgreSQL may truncate them (every window starts again), and in exchange counting a hit no longer waits for a
 * WAL flush. A read request counted its hit in a write transaction; with a logged table each one waited for the
 * disk (BENCHMARKS.md, W1). Streaming replicas do not see unlogged tables; the counters are read and written only
 * on the primary.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table rate_limit_counters set unlogged`.execute(db);
}
