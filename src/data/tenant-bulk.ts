import { sql } from 'kysely';
import type { Executor } from './executor.js';
import type { NewTenant, TenantRow } from './tenants.js';
import type { NewUser, UserRow } from './users.js';

/** One tenant of a bulk insert: its registry row, its settings overrides and its admin user. */
export interface BulkTenant {
  tenant: NewTenant;
  settings: { defaultCountryCode: string | null; timezone: string | null };
  admin: Omit<NewUser, 'tenant_id'>;
  packageIds: readonly string[];
}

/** A static role every new tenant gets (the service decides which; see provisioning.ts). */
export interface StaticRole {
  name: string;
  displayName: string;
  isDefault: boolean;
  permissions: readonly string[];
  /** Whether the tenant's admin holds it. */
  heldByAdmin: boolean;
}

// Columns that are `not null default …`: a row of a batch that leaves one out gets the default, as a
// single-row insert would (json_populate_recordset yields null for a key a row lacks).
const TENANT_DEFAULTS: Readonly<Record<string, string>> = {
  is_active: 'true',
  is_case_dynamics: 'false',
  start_date: 'now()',
  created_at: 'now()',
  modified_at: 'now()',
};

/**
 * The bulk path of tenant creation (the bulk import, the benchmark's seed): each batch is a handful of
 * statements whatever its size, every row set passed as one JSON document, so a thousand tenants cost what a
 * few single inserts do. It writes what `provisionTenant` writes; the caller owns the transaction.
 */
export function tenantBulkQueries(db: Executor) {
  return {
    /** Which of these tenancy names are taken (deleted tenants included), lower-cased. */
    async takenTenancyNames(names: readonly string[]): Promise<Set<string>> {
      if (names.length === 0) return new Set();
      const rows = await sql<{ name: string }>`
        select lower(tenancy_name) as name from tenants
        where lower(tenancy_name) in (select lower(value) from json_array_elements_text(${JSON.stringify(names)}::json))`.execute(db);
      return new Set(rows.rows.map((r) => r.name));
    },

    /** Which of these sub-domains are taken, lower-cased. */
    async takenSubDomains(subDomains: readonly string[]): Promise<Set<string>> {
      if (subDomains.length === 0) return new Set();
      const rows = await sql<{ name: string }>`
        select lower(sub_domain) as name from tenants
        where sub_domain is not null and lower(sub_domain) in (select lower(value) from json_array_elements_text(${JSON.stringify(subDomains)}::json))`.execute(db);
      return new Set(rows.rows.map((r) => r.name));
    },

    /** Which of these tenant numbers are taken. */
    async takenNumbers(numbers: readonly number[]): Promise<Set<number>> {
      if (numbers.length === 0) return new Set();
      const rows = await sql<{ number: string | number }>`
        select number from tenants where number in (select value::bigint from json_array_elements_text(${JSON.stringify(numbers)}::json))`.execute(db);
      return new Set(rows.rows.map((r) => Number(r.number)));
    },

    /**
     * Inserts the batch's tenants, settings (the host's defaults where a tenant gives none), static roles,
     * admins and the admins' roles and packages in one statement (each table's rows a data-modifying `with`,
     * keyed by the tenant ids the tenants' insert returns). Returns the tenants in the batch's order, and their
     * admins when `withAdmins` (the events need them; a seed without events does not).
     */
    async insert(batch: readonly BulkTenant[], roles: readonly StaticRole[], installedByUserId: number | null, withAdmins = true): Promise<{ tenants: TenantRow[]; admins?: UserRow[] }> {
      if (batch.length === 0) return withAdmins ? { tenants: [], admins: [] } : { tenants: [] };
      const columns = [...new Set([...batch.flatMap((b) => Object.keys(b.tenant)), ...Object.keys(TENANT_DEFAULTS)])];
      const values = columns.map((column) =>
        TENANT_DEFAULTS[column] ? sql`coalesce(r.${sql.ref(column)}, ${sql.raw(TENANT_DEFAULTS[column])})` : sql`r.${sql.ref(column)}`,
      );
      // What each tenant brings beside its registry row, joined to its new id by its tenancy name.
      const beside = batch.map((b) => ({
        tenancy_name: b.tenant.tenancy_name,
        default_country_code: b.settings.defaultCountryCode,
        timezone: b.settings.timezone,
        user_name: b.admin.user_name,
        email: b.admin.email,
        name: b.admin.name,
        surname: b.admin.surname,
        phone: b.admin.phone,
        password_hash: b.admin.password_hash,
        must_change_password: b.admin.must_change_password,
        is_email_confirmed: b.admin.is_email_confirmed,
        package_ids: b.packageIds,
      }));
      const tenantRows = JSON.stringify(batch.map((b) => b.tenant));
      const steps = [
        sql`t as (
          insert into tenants (${sql.join(columns.map((c) => sql.ref(c)))})
          select ${sql.join(values)} from json_populate_recordset(null::tenants, ${tenantRows}::json) as r
          returning *)`,
        sql`b as (
          select t.id as tenant_id, b.* from json_to_recordset(${JSON.stringify(beside)}::json) as b(
            tenancy_name text, default_country_code text, timezone text, user_name text, email text, name text, surname text,
            phone text, password_hash text, must_change_password boolean, is_email_confirmed boolean, package_ids json)
          join t on lower(t.tenancy_name) = lower(b.tenancy_name))`,
        sql`settings as (
          insert into tenant_settings (tenant_id, default_country_code, timezone, currency)
          select b.tenant_id, coalesce(b.default_country_code, d.default_country_code), coalesce(b.timezone, d.timezone), d.currency
          from b left join tenant_settings d on d.tenant_id = 0)`,
        ...roles.map(
          (role, i) => sql`${sql.id(`role_${i}`)} as (
            insert into roles (tenant_id, name, display_name, is_static, is_default, permissions)
            select t.id, ${role.name}, ${role.displayName}, true, ${role.isDefault}, array(select json_array_elements_text(${JSON.stringify(role.permissions)}::json))
            from t
            returning tenant_id, id)`,
        ),
        sql`u as (
          insert into users (tenant_id, user_name, email, name, surname, phone, password_hash, must_change_password, is_email_confirmed)
          select b.tenant_id, b.user_name, b.email, coalesce(b.name, ''), coalesce(b.surname, ''), b.phone, b.password_hash,
                 coalesce(b.must_change_password, false), coalesce(b.is_email_confirmed, false)
          from b
          returning tenant_id, id)`,
        ...roles.flatMap((role, i) =>
          role.heldByAdmin
            ? [sql`${sql.id(`held_${i}`)} as (
                insert into user_roles (tenant_id, user_id, role_id)
                select u.tenant_id, u.id, r.id from u join ${sql.id(`role_${i}`)} r on r.tenant_id = u.tenant_id)`]
            : [],
        ),
        sql`packages as (
          insert into tenant_packages (tenant_id, package_id, installed_by_user_id)
          select b.tenant_id, p.package_id, ${installedByUserId}::bigint from b cross join lateral json_array_elements_text(b.package_ids) as p(package_id)
          on conflict (tenant_id, package_id) do nothing)`,
      ];
      // Every data-modifying `with` runs to completion whether or not the final select reads it.
      const inserted = await sql<TenantRow & { admin_user_id: number }>`
        with ${sql.join(steps)}
        select t.*, u.id as admin_user_id from t join u on u.tenant_id = t.id`.execute(db);
      const byName = new Map(inserted.rows.map((t) => [t.tenancy_name.toLowerCase(), t]));
      const tenants: TenantRow[] = [];
      const adminIds: number[] = [];
      for (const b of batch) {
        const { admin_user_id: adminId, ...tenant } = byName.get(b.tenant.tenancy_name.toLowerCase())!;
        tenants.push(tenant);
        adminIds.push(adminId);
      }
      if (!withAdmins) return { tenants };
      const keys = JSON.stringify(tenants.map((t, i) => ({ tenant_id: t.id, id: adminIds[i] })));
      const admins = await sql<UserRow>`
        select * from users where (tenant_id, id) in (select k.tenant_id, k.id from json_to_recordset(${keys}::json) as k(tenant_id integer, id bigint))`.execute(db);
      const adminOf = new Map(admins.rows.map((u) => [u.id, u]));
      return { tenants, admins: adminIds.map((id) => adminOf.get(id)!) };
    },
  };
}

export type TenantBulkQueries = ReturnType<typeof tenantBulkQueries>;
