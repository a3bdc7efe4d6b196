import { sql, type Kysely } from 'kysely';

/**
 * The fingerprint of the parameters a tenancy request was first submitted with, so a replay of its
 * `leadRequestXref` with other parameters is told apart from a retry (an idempotency key reused with other
 * parameters is a conflict). Leads stored before this have none and answer every replay as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table leads add column request_fingerprint bytea`.execute(db);
}
