import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../src/data/database.js';
import { migrateToLatest } from '../../src/data/migrator.js';
import { projectRoot } from './project-root.js';

/**
 * Migrated databases made once and cloned for every test file (Immich's medium-test set-up): a PostgreSQL
 * `TEMPLATE` database, and for the embedded engine a dump of a migrated data directory. Both are named after a
 * hash of the migrations, so a changed migration builds a new template and an unchanged one is reused across runs.
 */

const migrationsDir = path.join(projectRoot, 'src/data/migrations');

export const templateKey: string = (() => {
  const hash = createHash('sha256');
  for (const file of readdirSync(migrationsDir).sort()) hash.update(file).update(readFileSync(path.join(migrationsDir, file)));
  return hash.digest('hex').slice(0, 16);
})();

const embeddedTemplateFile = path.join(os.tmpdir(), `tenantry-test-template-${templateKey}.tar`);
let embeddedTemplate: Promise<Blob> | undefined;

/** A migrated embedded data directory, built on first use and kept in the system's temporary directory. */
export function embeddedTemplateDump(): Promise<Blob> {
  embeddedTemplate ??= (async () => {
    const existing = await fs.readFile(embeddedTemplateFile).catch(() => null);
    if (existing) return new Blob([existing]);
    const database = await openDatabase({ dataDir: 'memory://' });
    try {
      await migrateToLatest(database);
      const dump = await database.dump!();
      const partial = `${embeddedTemplateFile}.${process.pid}.${randomBytes(4).toString('hex')}`;
      await fs.writeFile(partial, Buffer.from(await dump.arrayBuffer()));
      await fs.rename(partial, embeddedTemplateFile); // atomic: a parallel builder never reads half a file
      return dump;
    } finally {
      await database.close();
    }
  })();
  return embeddedTemplate;
}

/** The name of the migrated PostgreSQL template database on the server behind `serverUrl`. */
export const postgresTemplateName = `tenantry_template_${templateKey}`;

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Builds the PostgreSQL template unless a finished one exists (built under another name, then renamed). */
export async function ensurePostgresTemplate(serverUrl: string): Promise<void> {
  const exists = await onServer(serverUrl, async (c) => (await c.query('select 1 from pg_database where datname = $1', [postgresTemplateName])).rowCount);
  if (exists) return;
  const building = `${postgresTemplateName}_${process.pid}_${randomBytes(3).toString('hex')}`;
  await onServer(serverUrl, (c) => c.query(`create database ${building}`));
  const database = await openDatabase({ databaseUrl: withDatabase(serverUrl, building), dataDir: 'memory://', poolSize: 1 });
  try {
    await migrateToLatest(database);
  } finally {
    await database.close();
  }
  await onServer(serverUrl, async (c) => {
    try {
      await c.query(`alter database ${building} rename to ${postgresTemplateName}`);
    } catch {
      await c.query(`drop database if exists ${building}`); // another run finished first: use its template
    }
  });
}

/** Prefix of the databases cloned by one test run, so the run can drop them all at its end. */
export function cloneDatabasePrefix(runId: string): string {
  return `tenantry_t${runId}_`;
}

/** Clones the template into a new database named with `prefix` and answers its URL. */
export async function clonePostgresTemplate(serverUrl: string, prefix: string): Promise<string> {
  await ensurePostgresTemplate(serverUrl);
  const name = `${prefix}${process.pid}_${randomBytes(3).toString('hex')}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await onServer(serverUrl, (c) => c.query(`create database ${name} template ${postgresTemplateName}`));
      return withDatabase(serverUrl, name);
    } catch (error) {
      // Two clones started at the same instant: PostgreSQL lets one copy the template at a time.
      if (attempt > 50 || !/being accessed by other users/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
    }
  }
}

/** Drops every database whose name starts with `prefix` (the clones of one run). */
export async function dropClones(serverUrl: string, prefix: string): Promise<number> {
  return onServer(serverUrl, async (c) => {
    const { rows } = await c.query<{ datname: string }>('select datname from pg_database where datname like $1', [`${prefix}%`]);
    for (const { datname } of rows) await c.query(`drop database if exists ${pg.escapeIdentifier(datname)} with (force)`);
    return rows.length;
  });
}
