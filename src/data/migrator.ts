import { Migrator, type MigrationResultSet } from 'kysely';
import type { Database } from './database.js';
import { migrations } from './migrations/index.js';

/**
 * Brings the schema up to the newest version. Safe to run from several instances at once (Kysely locks).
 * Migrations are numbered on parallel branches, so one may land after a higher-numbered one already ran
 * somewhere: it still runs (each migration depends only on lower-numbered ones, and runs once).
 */
export async function migrateToLatest(database: Database): Promise<MigrationResultSet> {
  const result = await migratorOf(database).migrateToLatest();
  if (result.error) throw result.error;
  return result;
}

/** The names of the migrations not applied to this database yet, in the order `migrateToLatest` would run them. */
export async function pendingMigrations(database: Database): Promise<string[]> {
  const known = await migratorOf(database).getMigrations();
  return known.filter((migration) => migration.executedAt === undefined).map((migration) => migration.name);
}

function migratorOf(database: Database): Migrator {
  return new Migrator({ db: database.db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
}
