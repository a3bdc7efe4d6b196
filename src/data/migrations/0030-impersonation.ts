import { sql, type Kysely } from 'kysely';

/**
 * Impersonation (ASP.NET Zero's `Account/Impersonate`):
 * - a session may be `impersonated`: it names the impersonator (tenant, user) and the impersonator's own session,
 *   which bounds it (it ends with that session) and which `BackToImpersonator` returns to;
 * - a single-use token names the impersonator's session it was issued from (an impersonation token, or the
 *   token back to the impersonator);
 * - an audit entry written in an impersonated session names the impersonator as well as the user (ABP's
 *   `ImpersonatorUserId`, `ImpersonatorTenantId`), by name too, as the actor is;
 * - tenant admin roles may impersonate their tenant's users (`Users.Impersonation`), as new tenants' admins do.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table sessions
      add column impersonator_tenant_id integer,
      add column impersonator_user_id bigint,
      add column impersonator_session_id uuid`.execute(db);
  await sql`alter table sessions drop constraint sessions_origin_check`.execute(db);
  await sql`
    alter table sessions add constraint sessions_origin_check
      check (origin in ('password', 'delegated', 'api_key', 'impersonated'))`.execute(db);
  await sql`
    alter table sessions add constraint sessions_impersonator_check
      check ((origin = 'impersonated') = (impersonator_user_id is not null and impersonator_tenant_id is not null and impersonator_session_id is not null))`.execute(db);
  await sql`alter table one_time_tokens add column impersonator_session_id uuid`.execute(db);
  await sql`
    alter table audit_log
      add column impersonator_tenant_id integer,
      add column impersonator_user_id bigint,
      add column impersonator_user_name text`.execute(db);
  await sql`
    update roles set permissions = array_append(permissions, 'Users.Impersonation')
    where tenant_id <> 0 and name = 'Admin' and not ('Users.Impersonation' = any (permissions))`.execute(db);
}
