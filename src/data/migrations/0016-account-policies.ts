import { sql, type Kysely } from 'kysely';

/**
 * Account self-service: ABP's per-tenant password complexity, user lockout and "e-mail confirmation required for
 * login" settings, and users invited without a password. A setting left null inherits the host's (tenant 0's)
 * value, and the host's null the built-in default — ABP's setting fallback from tenant to application.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table tenant_settings
      add column password_required_length integer check (password_required_length between 1 and 128),
      add column password_require_digit boolean,
      add column password_require_lowercase boolean,
      add column password_require_uppercase boolean,
      add column password_require_non_alphanumeric boolean,
      add column lockout_enabled boolean,
      add column lockout_max_failures integer check (lockout_max_failures between 1 and 1000),
      add column lockout_seconds integer check (lockout_seconds between 1 and 31536000),
      add column email_confirmation_required boolean`.execute(db);
  // Set while an invitation is not accepted: the user has no password anyone knows and cannot sign in.
  await sql`alter table users add column invited_at timestamptz`.execute(db);
}
