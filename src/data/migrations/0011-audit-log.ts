import { sql, type Kysely } from 'kysely';

/**
 * The audit log made readable and append-only:
 * - who acted is kept by name as well as by id (the user may be deleted, or its tenant purged, later), with
 *   the request's user agent and a before/after summary of what changed;
 * - an index for the host's reading across tenants by time;
 * - the client IPs an API key has been used from, so a use from a new one is recorded;
 * - tenant admin roles read their tenant's log (`AuditLogs.Read`), as new tenants' admins do;
 * - a trigger that refuses UPDATE, DELETE and TRUNCATE on `audit_log`, on both engines and whatever the role:
 *   an entry, once written, stays. Purging a tenant keeps its entries (there is no foreign key on purpose).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table audit_log
      add column actor_user_name text,
      add column user_agent text,
      add column before jsonb,
      add column after jsonb`.execute(db);
  await sql`create index audit_log_at on audit_log (at, id)`.execute(db);
  await sql`alter table api_keys add column seen_ips text[] not null default '{}'`.execute(db);
  await sql`
    update roles set permissions = array_append(permissions, 'AuditLogs.Read')
    where tenant_id <> 0 and name = 'Admin' and not ('AuditLogs.Read' = any (permissions))`.execute(db);
  await sql`
    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
    end
    $$`.execute(db);
  await sql`
    create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function audit_log_append_only()`.execute(db);
  await sql`
    create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_append_only()`.execute(db);
}
