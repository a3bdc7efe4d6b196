import { sql, type Kysely } from 'kysely';

/**
 * What bounds a session: how it was opened (`origin`: the user's own password, a link or switch someone else
 * obtained for the user, or an API key), and for a session opened through an API key, that key — the session
 * ends when the key ends and may do no more than the key. A login link remembers the key it was obtained through.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table sessions add column origin text not null default 'password'`.execute(db);
  await sql`alter table sessions add column api_key_tenant_id integer`.execute(db);
  await sql`alter table sessions add column api_key_id bigint`.execute(db);
  await sql`alter table sessions add constraint sessions_origin_check check (origin in ('password', 'delegated', 'api_key'))`.execute(db);
  await sql`alter table one_time_tokens add column via_api_key_tenant_id integer`.execute(db);
  await sql`alter table one_time_tokens add column via_api_key_id bigint`.execute(db);
}
