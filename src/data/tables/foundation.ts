import type { ColumnType, Generated } from 'kysely';
import type { CredentialOrigin } from '../../domain/caller.js';
import type { OwnLimit } from './rate-limits.js';

/** A timestamp column the database fills in when the row is written. */
type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Id = Generated<number>;

export interface TenantTable {
  id: Id;
  tenancy_name: string;
  name: string;
  company_name: string | null;
  number: number;
  is_active: Generated<boolean>;
  deleted_at: Date | null;
  deleter_user_id: number | null;
  sub_domain: string | null;
  site_url: string | null;
  street: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  country: string | null;
  country_code: string | null;
  time_zone: string | null;
  date_format: string | null;
  number_of_users: number | null;
  document_space: number | null;
  data_space: number | null;
  classification: string | null;
  /** numeric: read as a string to keep its exact value. */
  discount: ColumnType<string | null, string | number | null, string | number | null>;
  trial_days: number | null;
  trial_account: boolean | null;
  free: boolean | null;
  payment_type: string | null;
  start_date: Stamp;
  next_billing_date: Date | null;
  license_blocks: number | null;
  base_subscriber_plan_id: number | null;
  base_subscriber_option_id: number | null;
  accessory_purchase_plan_id: number | null;
  is_case_dynamics: Generated<boolean>;
  /** The tenant's API-key rate limits (migration 0010); null: the service's. */
  rate_limit_per_minute: OwnLimit;
  rate_limit_per_day: OwnLimit;
  search_string: string | null;
  workflow_state: string | null;
  workflow_owners: string | null;
  created_at: Stamp;
  created_by_user_id: number | null;
  owner_user_id: number | null;
  modified_at: Stamp;
  modified_by_user_id: number | null;
}

export interface HostSettingTable {
  name: string;
  value: ColumnType<unknown, string, string>;
}

export interface TenantSettingsTable {
  tenant_id: number;
  default_country_code: string | null;
  timezone: string | null;
  currency: string | null;
  public_phone: string | null;
  public_site_url: string | null;
  zendesk_account_url: string | null;
  stripe_connected_account_id: string | null;
  password_required_length: number | null;
  password_require_digit: boolean | null;
  password_require_lowercase: boolean | null;
  password_require_uppercase: boolean | null;
  password_require_non_alphanumeric: boolean | null;
  lockout_enabled: boolean | null;
  lockout_max_failures: number | null;
  lockout_seconds: number | null;
  email_confirmation_required: boolean | null;
  modified_at: Stamp;
}

export interface UserTable {
  tenant_id: number;
  id: Id;
  user_name: string;
  email: string;
  name: Generated<string>;
  surname: Generated<string>;
  phone: string | null;
  password_hash: string;
  is_active: Generated<boolean>;
  is_email_confirmed: Generated<boolean>;
  must_change_password: Generated<boolean>;
  failed_attempts: Generated<number>;
  lockout_end: Date | null;
  /** Set while an invitation is not accepted (no password anyone knows). */
  invited_at: Date | null;
  deleted_at: Date | null;
  created_at: Stamp;
  modified_at: Stamp;
}

export interface RoleTable {
  tenant_id: number;
  id: Id;
  name: string;
  display_name: string;
  is_static: Generated<boolean>;
  is_default: Generated<boolean>;
  permissions: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Stamp;
}

export interface UserRoleTable {
  tenant_id: number;
  user_id: number;
  role_id: number;
}

export interface SessionTable {
  tenant_id: number;
  id: string;
  user_id: number;
  kind: 'token' | 'rest';
  secret_hash: Buffer | null;
  created_at: Stamp;
  expires_at: Date;
  revoked_at: Date | null;
  client_ip: string | null;
  user_agent: string | null;
  /** How the session was opened; see `CredentialOrigin`. */
  origin: ColumnType<CredentialOrigin, CredentialOrigin | undefined, CredentialOrigin>;
  /** The API key a session opened through one is bounded by. */
  api_key_tenant_id: number | null;
  api_key_id: number | null;
  /** An impersonated session's impersonator, and the impersonator's own session that bounds it (0030). */
  impersonator_tenant_id: ColumnType<number | null, number | null | undefined, never>;
  impersonator_user_id: ColumnType<number | null, number | null | undefined, never>;
  impersonator_session_id: ColumnType<string | null, string | null | undefined, never>;
}

export interface RefreshTokenTable {
  tenant_id: number;
  id: string;
  session_id: string;
  token_hash: Buffer;
  created_at: Stamp;
  expires_at: Date;
  used_at: Date | null;
}

export interface OneTimeTokenTable {
  tenant_id: number;
  id: string;
  user_id: number;
  purpose: string;
  token_hash: Buffer;
  created_at: Stamp;
  expires_at: Date;
  used_at: Date | null;
  issued_by_tenant_id: number | null;
  issued_by_user_id: number | null;
  /** The API key the token was obtained through: the session it opens is bounded by that key. */
  via_api_key_tenant_id: number | null;
  via_api_key_id: number | null;
  /** The impersonator's own session an impersonation token, or the token back to the impersonator, hangs off (0030). */
  impersonator_session_id: ColumnType<string | null, string | null | undefined, never>;
}

export interface SecurityEventTable {
  seq: Generated<number>;
  tenant_id: number;
  kind: 'revoke' | 'block' | 'unblock' | 'changed';
  subject: string;
  at: Stamp;
}

export interface OutboxTable {
  tenant_id: number;
  id: Generated<number>;
  topic: string;
  dedupe_key: string | null;
  payload: ColumnType<unknown, string, string>;
  created_at: Stamp;
  available_at: Stamp;
  attempts: Generated<number>;
  delivered_at: Date | null;
  last_error: string | null;
  /** Added by 0005-outbox-delivery: set when delivery was given up. */
  failed_at: Date | null;
  /** Added by 0013-events: messages with one key are delivered one after another (one webhook subscription). */
  ordering_key: string | null;
}

export interface AuditLogTable {
  tenant_id: number;
  id: Generated<number>;
  at: Stamp;
  actor_tenant_id: number | null;
  actor_user_id: number | null;
  action: string;
  target: string | null;
  details: ColumnType<unknown, string | null, string | null>;
  client_ip: string | null;
  /** The actor's user name when it acted (0011): the user may be deleted or its tenant purged later. */
  actor_user_name: string | null;
  user_agent: string | null;
  /** What changed, as it was and as it became: summaries, never secrets or hashes. */
  before: ColumnType<unknown, string | null, string | null>;
  after: ColumnType<unknown, string | null, string | null>;
  /** Who was signed in as the actor when it acted in an impersonated session (0030). */
  impersonator_tenant_id: ColumnType<number | null, number | null | undefined, never>;
  impersonator_user_id: ColumnType<number | null, number | null | undefined, never>;
  impersonator_user_name: ColumnType<string | null, string | null | undefined, never>;
}

export interface FoundationTables {
  tenants: TenantTable;
  host_settings: HostSettingTable;
  tenant_settings: TenantSettingsTable;
  users: UserTable;
  roles: RoleTable;
  user_roles: UserRoleTable;
  sessions: SessionTable;
  refresh_tokens: RefreshTokenTable;
  one_time_tokens: OneTimeTokenTable;
  security_events: SecurityEventTable;
  outbox: OutboxTable;
  audit_log: AuditLogTable;
}
