import type { ColumnType, Generated } from 'kysely';
import type { OwnLimit } from './rate-limits.js';

export interface ApiKeyTable {
  tenant_id: number;
  /** Global identity: unique across tenants, and the `id` the API documents. */
  id: Generated<number>;
  user_id: number;
  name: string;
  /** The start of the key as shown in lists (`tnt_12_345_AbCd`); not enough to use it. */
  prefix: string;
  /** SHA-256 of the key's random secret. */
  secret_hash: Buffer;
  /** Normalised method paths the key is restricted to; empty: any method. */
  paths: ColumnType<string[], string[] | undefined, string[]>;
  expires_at: ColumnType<Date, Date, Date>;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  created_by_user_id: number | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
  /** Client IPs the key has been used from (0011), so a use from a new one is audited. */
  seen_ips: ColumnType<string[], string[] | undefined, string[]>;
  /** The key's own rate limits; null: its tenant's (or the service's). */
  rate_limit_per_minute: OwnLimit;
  rate_limit_per_day: OwnLimit;
}

export interface ApiKeyTables {
  api_keys: ApiKeyTable;
}
