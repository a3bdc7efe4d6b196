import { sql, type Kysely } from 'kysely';

/**
 * Delivery attempts by age, for housekeeping's EVENT_EXECUTION_RETENTION_DAYS (services/housekeeping): each of its
 * batches finds the oldest attempts through this index instead of reading the whole delivery log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index event_executions_started_at on event_executions (started_at)`.execute(db);
}
