import { Migrator, type MigrationResultSet } from 'kysely';
import type { Database } from './database.js';
import { migrations } from './migrations/index.js';

/** Brings the schema up to the newest version. Safe to run from several instances at once (Kysely locks). */
export async function migrateToLatest(database: Database): Promise<MigrationResultSet> {
  // Numbers are handed out to work in progress, so a lower one may land after a higher one was applied: it
  // runs then (every migration is independent of those numbered between), instead of the start failing.
  const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}
