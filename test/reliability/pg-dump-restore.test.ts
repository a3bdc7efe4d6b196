import assert from 'node:assert/strict';
import { execFile, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { API_KEY_GET_ALL, generateKey } from '../helpers/api-key-fixtures.js';
import { testEngines } from '../helpers/engines.js';
import { createTenant } from '../helpers/fixtures.js';
import { freePort } from '../helpers/free-port.js';
import { HttpClient, WHO_AM_I } from '../helpers/http.js';
import { canBuildClusters, clusterParentDir, PostgresCluster, query } from '../helpers/postgres-cluster.js';
import { startServerProcess } from '../helpers/server-process.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../helpers/test-app.js';

const run = promisify(execFile);

/**
 * docs/operations.md, "PostgreSQL": a `pg_dump` of the live database, taken while the service runs and writes,
 * restored with `pg_restore` into a fresh cluster following the documented steps, serves: the tenant's admin
 * signs in, an API key made before the dump works, and the restored service writes (its row-level security role
 * and policies came through).
 */
for (const engine of testEngines().filter((e) => e.name === 'postgres')) {
  describe('a pg_dump of a live database restores into a working service', () => {
    let dir: string;
    let source: TestApp;
    let restored: ChildProcess | undefined;
    let cluster: PostgresCluster | undefined;
    let clusterDir: string | undefined;

    before(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'tenantry-pg-dump-'));
      source = await startTestApp(engine);
    });
    after(async () => {
      if (restored && restored.exitCode === null) {
        const exited = once(restored, 'exit');
        restored.kill('SIGTERM');
        await exited;
      }
      await source?.close();
      cluster?.stop('immediate');
      rmSync(dir, { recursive: true, force: true });
      if (clusterDir) rmSync(clusterDir, { recursive: true, force: true });
    });

    it('restores the tenants, their credentials and their writes, taken without stopping the service', async () => {
      const tenant = await createTenant(source);
      const tenancyName = tenant.tenant.tenancy_name;
      const adminToken = await source.http.signIn('admin', tenant.password, tenancyName);
      const key = await generateKey(source, adminToken, { name: 'Before the dump' });

      // The service keeps serving and writing while pg_dump takes its snapshot.
      let writing = true;
      const written: number[] = [];
      const writer = (async () => {
        while (writing) written.push((await generateKey(source, adminToken, { name: `During the dump ${written.length}` })).id);
      })();
      const dump = path.join(dir, 'tenantry.dump');
      const sourceUrl = source.config.databaseUrl!;
      await run('pg_dump', ['--format=custom', `--file=${dump}`, sourceUrl]);
      writing = false;
      await writer;
      assert.ok(written.length > 0, 'the service wrote during the dump');

      // The documented restore: on a new cluster the role of row-level security first (a cluster object, not in
      // a dump), then a new database and pg_restore.
      let targetServer: string;
      if (canBuildClusters) {
        clusterDir = clusterParentDir();
        cluster = await PostgresCluster.init(clusterDir, 'restored');
        targetServer = cluster.url('').replace(/\/$/, '');
        await query(cluster.url(), 'create role tenantry_app nologin');
      } else {
        // The same server (the role already exists there): a new database on it.
        targetServer = sourceUrl.slice(0, sourceUrl.lastIndexOf('/'));
      }
      const targetName = `tenantry_restored_${process.pid}`;
      await query(`${targetServer}/postgres`, `drop database if exists ${targetName}`);
      await query(`${targetServer}/postgres`, `create database ${targetName}`);
      const targetUrl = `${targetServer}/${targetName}`;
      try {
        await run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${targetUrl}`, dump]);

        const port = await freePort();
        restored = await startServerProcess(port, { DATABASE_URL: targetUrl, DATA_DIR: path.join(dir, 'unused') });
        const http = new HttpClient(`http://127.0.0.1:${port}`);

        // The tenant's admin signs in with the password it had; the API key made before the dump works.
        const restoredToken = await http.signIn('admin', tenant.password, tenancyName);
        const asKey = await http.get(WHO_AM_I, { headers: { 'api-key': key.key } });
        assert.equal(asKey.status, 200, asKey.text);
        assert.equal(asKey.body.tenant.tenancyName, tenancyName);
        assert.equal((await http.signIn('admin', HOST_ADMIN_PASSWORD)).length > 0, true, 'the host admin signs in');

        // Keys written during the dump: those in the snapshot came through whole, none appeared from nowhere.
        const keys = await http.get(`${API_KEY_GET_ALL}?maxResultCount=1000`, { token: restoredToken });
        assert.equal(keys.status, 200, keys.text);
        const restoredIds = (keys.body.items as { id: number }[]).map((k) => k.id);
        assert.ok(restoredIds.includes(key.id));
        assert.ok(restoredIds.every((id) => id === key.id || written.includes(id)), 'only keys the source had');

        // The restored service writes in a tenant's transaction (row-level security's role and policies restored).
        const newKey = await http.post('/api/services/Platform/ApiKey/Generate', { name: 'After the restore', expirationDate: new Date(Date.now() + 86_400_000).toISOString() }, { token: restoredToken });
        assert.equal(newKey.status, 200, newKey.text);
        assert.equal((await http.get(WHO_AM_I, { headers: { 'api-key': newKey.body.key } })).status, 200);
      } finally {
        if (restored && restored.exitCode === null) {
          const exited = once(restored, 'exit');
          restored.kill('SIGTERM');
          await exited;
        }
        await query(`${targetServer}/postgres`, `drop database if exists ${targetName} with (force)`);
      }
    });
  });
}
