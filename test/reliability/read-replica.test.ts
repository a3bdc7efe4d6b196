import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { CLUSTER_SKIP_REASON, canBuildClusters, clusterParentDir, PostgresCluster, query } from '../helpers/postgres-cluster.js';
import { testEngines } from '../helpers/engines.js';
import { startTestApp, HOST_ADMIN_PASSWORD, type TestApp } from '../helpers/test-app.js';
import { unique } from '../helpers/fixtures.js';

for (const engine of testEngines().filter((e) => e.name === 'postgres')) {
  const skip = canBuildClusters ? undefined : CLUSTER_SKIP_REASON;
  describe('reads on a streaming replica (DATABASE_READ_URL)', { skip }, () => {
    let dir: string;
    let primary: string;
    let replica: string;
    let t: TestApp;
    const clusters: PostgresCluster[] = [];

    before(async () => {
      dir = clusterParentDir();
      const primaryCluster = await PostgresCluster.init(dir, 'primary');
      clusters.push(primaryCluster);
      clusters.unshift(await PostgresCluster.replicaOf(primaryCluster, dir, 'replica'));
      await query(primaryCluster.url(), 'create database tenantry');
      primary = primaryCluster.url('tenantry');
      replica = clusters[0]!.url('tenantry');
      // Migrated on the primary by the app's start; the replica follows.
      t = await startTestApp(engine, { DATABASE_URL: primary, DATABASE_READ_URL: replica });
    });

    after(async () => {
      await t?.close();
      for (const cluster of clusters) cluster.destroy();
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
