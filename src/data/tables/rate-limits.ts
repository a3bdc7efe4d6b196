import type { ColumnType } from 'kysely';

/** A limit of a key or tenant: null (and absent on insert) means the next level's. */
export type OwnLimit = ColumnType<number | null, number | null | undefined, number | null>;

export interface RateLimitCounterTable {
  /** What is counted and over which window, e.g. `key:12:60` (key 12, per minute). */
  bucket: string;
  hits: number;
  /** When the current window ends; the next hit after it starts a new window. */
  reset_at: Date;
}

export interface RateLimitTables {
  rate_limit_counters: RateLimitCounterTable;
}
