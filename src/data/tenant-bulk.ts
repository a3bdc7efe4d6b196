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
     * admins and the admins' roles and packages. Returns the tenants and admins in the batch's order.
     */
    async insert(batch: readonly BulkTenant[], roles: readonly StaticRole[], installedByUserId: number | null): Promise<{ tenants: TenantRow[]; admins: UserRow[] }> {
      if (batch.length === 0) return { tenants: [], admins: [] };
      const columns = [...new Set([...batch.flatMap((b) => Object.keys(b.tenant)), ...Object.keys(TENANT_DEFAULTS)])];
      const values = columns.map((column) =>
        TENANT_DEFAULTS[column] ? sql`coalesce(r.${sql.ref(column)}, ${sql.raw(TENANT_DEFAULTS[column])})` : sql`r.${sql.ref(column)}`,
      );
      const inserted = await sql<TenantRow>`
        insert into tenants (${sql.join(columns.map((c) => sql.ref(c)))})
        select ${sql.join(values)} from json_populate_recordset(null::tenants, ${JSON.stringify(batch.map((b) => b.tenant))}::json) as r
        returning *`.execute(db);
      const byName = new Map(inserted.rows.map((t) => [t.tenancy_name.toLowerCase(), t]));
      const tenants = batch.map((b) => byName.get(b.tenant.tenancy_name.toLowerCase())!);
      const ids = JSON.stringify(tenants.map((t) => t.id));

      await sql`
        insert into tenant_settings (tenant_id, default_country_code, timezone, currency)
        select r.tenant_id, coalesce(r.default_country_code, d.default_country_code), coalesce(r.timezone, d.timezone), d.currency
        from json_populate_recordset(null::tenant_settings, ${JSON.stringify(
          tenants.map((t, i) => ({ tenant_id: t.id, default_country_code: batch[i]!.settings.defaultCountryCode, timezone: batch[i]!.settings.timezone })),
        )}::json) as r
        left join tenant_settings d on d.tenant_id = 0`.execute(db);

      // The roles the admins hold, by tenant, from what their insert returns (a join of users and roles to find
      // them again cost as much as the inserts).
      const heldRoles: { tenant_id: number; role_id: number }[] = [];
      for (const role of roles) {
        const inserted = await sql<{ tenant_id: number; id: number }>`
          insert into roles (tenant_id, name, display_name, is_static, is_default, permissions)
          select value::int, ${role.name}, ${role.displayName}, true, ${role.isDefault},
                 array(select json_array_elements_text(${JSON.stringify(role.permissions)}::json))
          from json_array_elements_text(${ids}::json)
          returning tenant_id, id`.execute(db);
        if (role.heldByAdmin) heldRoles.push(...inserted.rows.map((r) => ({ tenant_id: r.tenant_id, role_id: r.id })));
      }

      const users = await sql<UserRow>`
        insert into users (tenant_id, user_name, email, name, surname, phone, password_hash, must_change_password, is_email_confirmed)
        select r.tenant_id, r.user_name, r.email, coalesce(r.name, ''), coalesce(r.surname, ''), r.phone, r.password_hash,
               coalesce(r.must_change_password, false), coalesce(r.is_email_confirmed, false)
        from json_populate_recordset(null::users, ${JSON.stringify(tenants.map((t, i) => ({ ...batch[i]!.admin, tenant_id: t.id })))}::json) as r
        returning *`.execute(db);
      const adminOf = new Map(users.rows.map((u) => [u.tenant_id, u]));

      if (heldRoles.length > 0) {
        await sql`
          insert into user_roles (tenant_id, user_id, role_id)
          select r.tenant_id, r.user_id, r.role_id from json_populate_recordset(null::user_roles, ${JSON.stringify(
            heldRoles.map((held) => ({ ...held, user_id: adminOf.get(held.tenant_id)!.id })),
          )}::json) as r`.execute(db);
      }

      const installs = tenants.flatMap((t, i) => batch[i]!.packageIds.map((packageId) => ({ tenant_id: t.id, package_id: packageId, installed_by_user_id: installedByUserId })));
      if (installs.length > 0) {
        await sql`
          insert into tenant_packages (tenant_id, package_id, installed_by_user_id)
          select r.tenant_id, r.package_id, r.installed_by_user_id from json_populate_recordset(null::tenant_packages, ${JSON.stringify(installs)}::json) as r
          on conflict (tenant_id, package_id) do nothing`.execute(db);
      }
      return { tenants, admins: tenants.map((t) => adminOf.get(t.id)!) };
    },
  };
}

export type TenantBulkQueries = ReturnType<typeof tenantBulkQueries>;
