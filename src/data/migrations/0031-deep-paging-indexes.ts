import { sql, type Kysely } from 'kysely';

/**
 * Indexes in the order the lists page in, holding what the page's ids need (W8 in BENCHMARKS.md): `GetUsers` pages a
 * tenant's live users by id, `ApiKey/GetAll` its live keys newest first (of one user, or all). A page far down the
 * list (`skipCount` 100,000) then reads only index entries up to it — its ids first, then its 50 rows (see
 * user-directory.ts and api-keys.ts) — and the count reads the same index instead of every row. The keys' index
 * by user replaces `api_keys_user_idx`, whose columns it starts with.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index users_live_page_idx on users (tenant_id, id) where deleted_at is null`.execute(db);
  await sql`create index api_keys_live_page_idx on api_keys (tenant_id, created_at desc, id desc) include (user_id) where revoked_at is null`.execute(db);
  await sql`create index api_keys_user_page_idx on api_keys (tenant_id, user_id, created_at desc, id desc) where revoked_at is null`.execute(db);
  await sql`drop index api_keys_user_idx`.execute(db);
}
