import { sql, type Kysely } from 'kysely';

/**
 * `idempotency_keys` (0015) is tenant-owned: it gets the row-level security policy every such table has (0012).
 * Named after 0015 so it runs after it; where 0015 ran before 0012, 0012 covered the table and this does nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`select tenantry_enforce_row_level_security()`.execute(db);
}
