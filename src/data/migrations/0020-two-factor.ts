import { sql, type Kysely } from 'kysely';

/**
 * Two-factor sign-in with an authenticator app (TOTP, RFC 6238):
 * - `user_two_factor`: one row per user who began enrolment; the TOTP secret encrypted (AES-256-GCM, see
 *   `two-factor-secrets.ts`), `enabled_at` null until a first code confirms it, the last time step a code was
 *   accepted for (a code is never accepted twice), and the SHA-256 hashes of the unused recovery codes;
 * - `two_factor_remembered_clients`: the remember-client tokens (hashed) that skip the second factor for a while;
 *   they hang off the user's two-factor row, so disabling two-factor sign-in ends every one of them;
 * - `tenant_two_factor_settings`: a tenant's (or, for tenant 0, the host's) requirement that administrators
 *   sign in with two factors, and whether browsers may be remembered.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table user_two_factor (
      tenant_id integer not null references tenants (id) on delete cascade,
      user_id bigint not null,
      secret_encrypted bytea not null,
      enabled_at timestamptz,
      last_used_step bigint,
      recovery_code_hashes bytea[] not null default '{}',
      created_at timestamptz not null default now(),
      primary key (tenant_id, user_id),
      foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`
    create table two_factor_remembered_clients (
      tenant_id integer not null,
      id uuid not null,
      user_id bigint not null,
      token_hash bytea not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      primary key (tenant_id, id),
      foreign key (tenant_id, user_id) references user_two_factor (tenant_id, user_id) on delete cascade
    )`.execute(db);
  await sql`create index two_factor_remembered_clients_user_idx on two_factor_remembered_clients (tenant_id, user_id)`.execute(db);
  await sql`
    create table tenant_two_factor_settings (
      tenant_id integer primary key references tenants (id) on delete cascade,
      is_required_for_admins boolean not null default false,
      is_remember_browser_enabled boolean not null default true,
      modified_at timestamptz not null default now()
    )`.execute(db);
  await sql`select tenantry_enforce_row_level_security()`.execute(db);
}
