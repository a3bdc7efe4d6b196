import { openDatabase, type Database, type DatabaseOptions } from '../../src/data/database.js';
import { clonePostgresTemplate, cloneDatabasePrefix, embeddedTemplateDump } from './database-templates.js';

/** The database engines every database-touching test runs on: PGlite always, PostgreSQL when configured. */
export interface TestEngine {
  name: 'pglite' | 'postgres';
  /** The PostgreSQL server's URL as configured (`TEST_DATABASE_URL`); tests get their own database on it. */
  databaseUrl?: string;
}

/**
 * The engines this process tests on. `TEST_ENGINE` (`pglite` or `postgres`) narrows them to one: the test runner
 * runs a file that loops over both engines as two processes, one per engine, so that the two halves run in parallel.
 */
export function testEngines(): TestEngine[] {
  const url = process.env.TEST_DATABASE_URL;
  // CI must exercise PostgreSQL too: a missing URL there is a broken pipeline, not a reason to skip.
  if (!url && process.env.CI && process.env.CI !== 'false') throw new Error('TEST_DATABASE_URL must be set in CI.');
  const engines: TestEngine[] = url ? [{ name: 'pglite' }, { name: 'postgres', databaseUrl: url }] : [{ name: 'pglite' }];
  const only = process.env.TEST_ENGINE;
  return only ? engines.filter((engine) => engine.name === only) : engines;
}

let fileDatabaseUrl: Promise<string> | undefined;

/** A new test file begins in this process (test/helpers/test-shard.ts): its PostgreSQL database is a new clone. */
export function beginTestFile(): void {
  fileDatabaseUrl = undefined;
}

/**
 * The PostgreSQL database of this test file. Under the test runner (`TEST_RUN_ID`) every file gets a clone of the
 * migrated template, shared by all the app instances the file starts (as instances of one deployment share one
 * database); run alone, a file uses the configured database itself.
 */
export function postgresUrlFor(engine: TestEngine): Promise<string> {
  const serverUrl = engine.databaseUrl!;
  const runId = process.env.TEST_RUN_ID;
  if (!runId) return Promise.resolve(serverUrl);
  fileDatabaseUrl ??= clonePostgresTemplate(serverUrl, cloneDatabasePrefix(runId));
  return fileDatabaseUrl;
}

/**
 * A migrated database on `engine`: this file's PostgreSQL database, or a new embedded one cloned from the
 * migrated template (each call a separate embedded database, as each embedded instance is its own), or the
 * embedded database in the given `dataDir`.
 */
export async function openTestDatabase(engine: TestEngine, options: Partial<DatabaseOptions> = {}): Promise<Database> {
  if (engine.name === 'postgres') return openDatabase({ dataDir: 'memory://', ...options, databaseUrl: options.databaseUrl ?? (await postgresUrlFor(engine)) });
  // A data directory on disk is the test's own, kept across restarts: it is opened (and migrated) as it is.
  if (options.dataDir && !options.dataDir.startsWith('memory://')) return openDatabase({ ...options, dataDir: options.dataDir });
  return openDatabase({ dataDir: 'memory://', ...options, embeddedTemplate: await embeddedTemplateDump() });
}
