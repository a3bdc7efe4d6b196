import type { ColumnType } from 'kysely';

type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** A user's authenticator app (0020): pending until `enabled_at` is set by a first code. */
export interface UserTwoFactorTable {
  tenant_id: number;
  user_id: number;
  /** AES-256-GCM of the base32 secret; never answered once enrolment is confirmed. */
  secret_encrypted: Buffer;
  enabled_at: Date | null;
  /** The TOTP time step of the last accepted code (int8: read as a string by pg). */
  last_used_step: ColumnType<string | null, number | null, number | null>;
  recovery_code_hashes: ColumnType<Buffer[], Buffer[] | undefined, Buffer[]>;
  created_at: Stamp;
}

/** A browser that may skip the second factor until `expires_at` (the token itself is kept hashed). */
export interface TwoFactorRememberedClientTable {
  tenant_id: number;
  id: string;
  user_id: number;
  token_hash: Buffer;
  created_at: Stamp;
  expires_at: Date;
}

export interface TenantTwoFactorSettingsTable {
  tenant_id: number;
  is_required_for_admins: boolean;
  is_remember_browser_enabled: boolean;
  modified_at: Stamp;
}

export interface TwoFactorTables {
  user_two_factor: UserTwoFactorTable;
  two_factor_remembered_clients: TwoFactorRememberedClientTable;
  tenant_two_factor_settings: TenantTwoFactorSettingsTable;
}
