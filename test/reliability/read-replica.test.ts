import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { freePort } from '../helpers/free-port.js';
import { testEngines } from '../helpers/engines.js';
import { startTestApp, HOST_ADMIN_PASSWORD, type TestApp } from '../helpers/test-app.js';
import { unique } from '../helpers/fixtures.js';

const BIN = '/usr/lib/postgresql/15/bin';
const canBuildClusters = existsSync(path.join(BIN, 'initdb')) && process.getuid?.() === 0;

/** Runs a PostgreSQL program as the `postgres` OS user (initdb and the server refuse to run as root). */
function asPostgres(program: string, args: string[]): void {
  execFileSync('runuser', ['-u', 'postgres', '--', path.join(BIN, program), ...args], { stdio: 'ignore' });
}

async function query(url: string, text: string): Promise<any[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

for (const engine of testEngines().filter((e) => e.name === 'postgres')) {
  const skip = canBuildClusters ? undefined : 'needs PostgreSQL 15 server binaries and root (to build a primary and a replica as the postgres user)';
  describe('reads on a streaming replica (DATABASE_READ_URL)', { skip }, () => {
    let dir: string;
    let primary: string;
    let replica: string;
    let t: TestApp;

    before(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'tenantry-replica-'));
      chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), 0);
      const [primaryPort, replicaPort] = [await freePort(), await freePort()];
      const start = (data: string, port: number) =>
        asPostgres('pg_ctl', ['-D', data, '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, '-l', `${data}.log`, '-w', 'start']);
      asPostgres('initdb', ['-D', `${dir}/primary`, '--auth=trust', '-U', 'postgres']);
      start(`${dir}/primary`, primaryPort);
      asPostgres('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', `${dir}/replica`, '-R', '-X', 'stream']);
      start(`${dir}/replica`, replicaPort);
      await query(`postgres://postgres@127.0.0.1:${primaryPort}/postgres`, 'create database tenantry');
      primary = `postgres://postgres@127.0.0.1:${primaryPort}/tenantry`;
      replica = `postgres://postgres@127.0.0.1:${replicaPort}/tenantry`;
      // Migrated on the primary by the app's start; the replica follows.
      t = await startTestApp(engine, { DATABASE_URL: primary, DATABASE_READ_URL: replica });
    });

    after(async () => {
      await t?.close();
      for (const data of ['replica', 'primary']) {
        if (existsSync(`${dir}/${data}`)) asPostgres('pg_ctl', ['-D', `${dir}/${data}`, '-m', 'immediate', 'stop']);
      }
      rmSync(dir, { recursive: true, force: true });
    });

    it('should read from the replica, yet never hide a reader’s own write from it', async () => {
      const host = await t.http.signIn('admin', HOST_ADMIN_PASSWORD);
      const search = async (name: string) =>
        (await t.http.get(`/api/services/Platform/Tenant/GetTenants?Filter=${name}&MaxResultCount=10`, { token: host })).body.totalCount as number;
      const caughtUp = async () => (await query(replica, 'select pg_last_wal_replay_lsn() >= pg_last_wal_receive_lsn() as ok'))[0].ok;
      for (let i = 0; i < 200 && !(await caughtUp()); i++) await new Promise((resolve) => setTimeout(resolve, 25));
      await query(replica, 'select pg_wal_replay_pause()');

      // Written on the primary by someone else while the replica replays nothing: the host's search does not
      // see it, because it reads from the replica.
      const name = unique('Direct');
      await query(primary, `insert into tenants (tenancy_name, name, number) values ('${name}', 'Direct Ltd', ${Date.now() % 1_000_000_000})`);
      assert.equal(await search(name), 0, 'read from the (paused) replica');

      // Once the host itself has written, its reads go to the primary until the replica has replayed that write.
      const changed = await t.http.put('/api/services/Platform/HostSettings/UpdateTenantConfiguration', { enableTenantSubDomains: false }, { token: host });
      assert.equal(changed.status, 200, changed.text);
      assert.equal(await search(name), 1, 'the host’s own write is never missing: read from the primary');

      await query(replica, 'select pg_wal_replay_resume()');
    });
  });
}
