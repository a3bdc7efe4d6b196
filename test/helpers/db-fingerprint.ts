import { sql } from 'kysely';
import type { TestApp } from './test-app.js';

/**
 * Tables a rejected request may still write to: the audit trail and security events record refusals, and a
 * failed sign-in claims a lockout slot (a column of `users` that the fingerprint leaves out).
 */
// A refused request still counts against its rate limits (rate_limit_counters).
const MAY_CHANGE_ON_REJECTION = new Set(['audit_log', 'security_events', 'kysely_migration', 'kysely_migration_lock', 'rate_limit_counters']);

/** Tables whose content, not just their row count, must stay the same. */
const CONTENT: Record<string, string> = {
  tenants: 'select md5(coalesce(string_agg(t::text, \',\' order by id), \'\')) from tenants t',
  users: "select md5(coalesce(string_agg(concat_ws('|', tenant_id, id, user_name, email, password_hash, is_active, must_change_password, deleted_at), ',' order by tenant_id, id), '')) from users",
  api_keys:
    'select md5(coalesce(string_agg(concat_ws(\'|\', tenant_id, id, name, paths, expires_at, revoked_at, rate_limit_per_minute, rate_limit_per_day), \',\' order by tenant_id, id), \'\')) from api_keys',
  sessions: 'select md5(coalesce(string_agg(concat_ws(\'|\', tenant_id, id, revoked_at), \',\' order by tenant_id, id), \'\')) from sessions',
};

/** The tables counted, read once per app: requests do not change the schema (and `information_schema` is slow). */
const countedTables = new WeakMap<TestApp, Promise<string[]>>();

function tablesOf(t: TestApp): Promise<string[]> {
  let tables = countedTables.get(t);
  if (!tables) {
    tables = sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`
      .execute(t.database.db)
      .then(({ rows }) => rows.map((r) => r.name).filter((name) => !MAY_CHANGE_ON_REJECTION.has(name)));
    countedTables.set(t, tables);
  }
  return tables;
}

/** A fingerprint of everything a request could change: every table's row count and the content of the key ones. */
export async function databaseFingerprint(t: TestApp): Promise<string> {
  const counted = await tablesOf(t);
  const parts = [...counted.map((name) => `(select count(*) from "${name}")::text`), ...Object.values(CONTENT).map((q) => `(${q})`)];
  const row = await sql<{ fingerprint: string }>`select concat_ws(';', ${sql.raw(parts.join(', '))}) as fingerprint`.execute(t.database.db);
  return `${counted.join(',')}=${row.rows[0]!.fingerprint}`;
}
