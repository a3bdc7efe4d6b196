import { sql, type Kysely } from 'kysely';

/**
 * The fingerprint of the parameters a tenancy request was completed with, so a retry of
 * `CompleteTenantRegistration` whose answer was lost gets that answer again, while the same `requestXref` with
 * other parameters stays a conflict. Leads converted before this have none and answer every repeat 409, as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table leads add column registration_fingerprint bytea`.execute(db);
}
