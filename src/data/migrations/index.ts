import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.js';
import * as apiKeys from './0006-api-keys.js';

/**
 * Every migration, in order. Names are versions: forward-only, never renamed or edited once released.
 * Add a new file and one line here.
 */
export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0006-api-keys': apiKeys,
};
