import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase, type Database } from '../../src/data/database.js';
import { fileSyncCount } from '../../src/data/pglite-durability.js';

/** A run-time setting of the database behind the handle. */
async function setting(database: Database, name: string): Promise<string> {
  const rows = await sql<Record<string, string>>`select current_setting(${name}) as value`.execute(database.db);
  return rows.rows[0]!.value!;
}

describe('the embedded engine on disk', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  const tempDir = async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tenantry-durability-'));
    dirs.push(dir);
    return dir;
  };

  it('syncs every commit to the disk by default, and its data is there after a restart', async () => {
    const dir = await tempDir();
    let pglite: PGlite | undefined;
    const original = PGlite.create.bind(PGlite);
    // The instance the handle wraps, to read its sync counter.
    PGlite.create = (async (...args: Parameters<typeof PGlite.create>) => (pglite = await original(...args))) as typeof PGlite.create;
    let database: Database;
    try {
      database = await openDatabase({ dataDir: dir });
    } finally {
      PGlite.create = original;
    }
    assert.equal(await setting(database, 'fsync'), 'on');
    assert.equal(await setting(database, 'wal_sync_method'), 'fsync');
    await sql`create table notes (id int primary key)`.execute(database.db);
    const before = fileSyncCount(pglite!);
    for (let id = 1; id <= 5; id++) await sql`insert into notes values (${id})`.execute(database.db);
    assert.ok(fileSyncCount(pglite!) >= before + 5, `each of 5 commits synced the WAL (${fileSyncCount(pglite!) - before} syncs)`);
    await database.close();

    const reopened = await openDatabase({ dataDir: dir });
    const rows = await sql<{ n: number }>`select count(*)::int as n from notes`.execute(reopened.db);
    assert.equal(rows.rows[0]!.n, 5);
    await reopened.close();
  });

  it('leaves syncing to the operating system when told to (EMBEDDED_FSYNC=false)', async () => {
    const database = await openDatabase({ dataDir: await tempDir(), embeddedFsync: false });
    assert.equal(await setting(database, 'fsync'), 'off');
    await database.close();
  });
});
