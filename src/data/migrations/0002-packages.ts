import { sql, type Kysely } from 'kysely';

/**
 * The package (app) catalogue the host manages, seeded with the built-in ServiceDesk package, and the
 * packages each tenant has installed. Packages are host-owned reference data (no tenant_id).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table packages (
      id text primary key check (id ~ '^[0-9a-z]{32}$'),
      name text not null,
      description text not null default '',
      is_built_in boolean not null default false,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index packages_name_key on packages (lower(name))`.execute(db);
  await sql`
    insert into packages (id, name, description, is_built_in)
    values ('c45ed7a1d2b54f0e9a3b6c1d8e2f4a70', 'ServiceDesk', 'The ServiceDesk application and tenant capabilities (isCaseDynamics).', true)`.execute(db);

  // No cascade from packages: a package that is installed somewhere cannot be deleted.
  await sql`
    create table tenant_packages (
      tenant_id integer not null references tenants (id) on delete cascade,
      package_id text not null references packages (id),
      installed_at timestamptz not null default now(),
      installed_by_user_id bigint,
      primary key (tenant_id, package_id)
    )`.execute(db);
  await sql`create index tenant_packages_package_idx on tenant_packages (package_id)`.execute(db);
}
