import { sql, type Kysely } from 'kysely';

/**
 * Row-level security as a backstop under the explicit tenant filters (which stay):
 * - a role `tenantry_app` (no login) that tenant-scoped transactions switch to (`SET LOCAL ROLE`, see
 *   `Data.tenantTransaction`); the connecting role owns the tables and is not subject to the policies, which is
 *   the explicit host bypass (host callers, migrations, background workers). FORCE is not set on purpose;
 * - on every table with a `tenant_id` column (and `tenants` by its `id`), a policy for `tenantry_app` that
 *   lets it see and write only the rows of the tenant named by `tenantry.tenant_id` — none when it is unset;
 *   a tenant also reads the host defaults it inherits (`tenant_settings` of tenant 0);
 * - `tenantry_app` may not update, delete or truncate the audit log (the trigger of 0011 refuses everyone).
 * A migration that adds a tenant-owned table ends with `select tenantry_enforce_row_level_security()`, which gives
 * every such table still without one its policy; `test/data/row-level-security.test.ts` fails until it has one.
 * Roles belong to the server, not to one database: the role is created once and shared by every database.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    do $$
    begin
      if not exists (select from pg_roles where rolname = 'tenantry_app') then
        create role tenantry_app nologin;
      end if;
    exception when duplicate_object or unique_violation then
      null; -- another database on this server created it at the same moment
    end
    $$`.execute(db);
  // A role that is not a superuser may switch only to roles it is a member of.
  await sql`
    do $$
    begin
      if not (select rolsuper from pg_roles where rolname = current_user) then
        execute format('grant tenantry_app to %I', current_user);
      end if;
    end
    $$`.execute(db);
  await sql`grant select, insert, update, delete on all tables in schema public to tenantry_app`.execute(db);
  await sql`grant usage, select on all sequences in schema public to tenantry_app`.execute(db);
  await sql`alter default privileges in schema public grant select, insert, update, delete on tables to tenantry_app`.execute(db);
  await sql`alter default privileges in schema public grant usage, select on sequences to tenantry_app`.execute(db);
  await sql`revoke update, delete, truncate on audit_log from tenantry_app`.execute(db);

  await sql`
    create function tenantry_current_tenant() returns integer language sql stable as
    $$ select nullif(current_setting('tenantry.tenant_id', true), '')::integer $$`.execute(db);
  // Idempotent, so a migration that adds a tenant-owned table ends with `select tenantry_enforce_row_level_security()`.
  await sql`
    create function tenantry_enforce_row_level_security() returns void language plpgsql as $$
    declare
      owned record;
    begin
      for owned in
        select c.table_name from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = 'public' and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE'
          and not exists (select 1 from pg_policies p where p.schemaname = 'public' and p.tablename = c.table_name and p.policyname = 'tenant_isolation')
      loop
        execute format('alter table %I enable row level security', owned.table_name);
        execute format(
          'create policy tenant_isolation on %I to tenantry_app using (tenant_id = tenantry_current_tenant()) with check (tenant_id = tenantry_current_tenant())',
          owned.table_name);
      end loop;
    end
    $$`.execute(db);
  await sql`select tenantry_enforce_row_level_security()`.execute(db);
  await sql`alter table tenants enable row level security`.execute(db);
  await sql`
    create policy tenant_isolation on tenants to tenantry_app
    using (id = tenantry_current_tenant()) with check (id = tenantry_current_tenant())`.execute(db);
  await sql`create policy host_defaults on tenant_settings for select to tenantry_app using (tenant_id = 0)`.execute(db);
}
