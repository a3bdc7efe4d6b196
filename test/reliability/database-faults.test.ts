import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { postgresUrlFor, testEngines } from '../helpers/engines.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../helpers/test-app.js';
import { WHO_AM_I } from '../helpers/http.js';
import { TcpFaultProxy } from '../helpers/tcp-fault-proxy.js';
import { waitFor } from '../helpers/wait-for.js';
import { messageOf, restGet, restLogin } from '../http/rest/rest-client.js';

const GET_TENANTS = '/api/services/Platform/Tenant/GetTenants';

// Short bounds, so a hung database is noticed in about a second; a revocation poll so slow that only a
// notification (or the re-read after a reconnect) can carry a revocation within the test's patience.
const FAULT_ENV = {
  DATABASE_CONNECT_TIMEOUT_MS: '800',
  DATABASE_ACQUIRE_TIMEOUT_MS: '800',
  DATABASE_STATEMENT_TIMEOUT_MS: '800',
  REVOCATION_POLL_MS: '3600000',
};

// The network between the service and its PostgreSQL server breaks; the server itself stays up for the rest.
for (const engine of testEngines().filter((e) => e.name === 'postgres')) {
  describe('the service when its PostgreSQL server hangs or goes away', () => {
    let proxy: TcpFaultProxy;
    let direct: TestApp;
    let behindProxy: TestApp;
    let hostToken: string;
    let restCookie: string;

    before(async () => {
      const databaseUrl = await postgresUrlFor(engine);
      const target = new URL(databaseUrl);
      proxy = await TcpFaultProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
      direct = await startTestApp(engine, FAULT_ENV);
      behindProxy = await startTestApp(engine, { ...FAULT_ENV, DATABASE_URL: proxy.urlFor(databaseUrl) });
      hostToken = await behindProxy.http.signIn('admin', HOST_ADMIN_PASSWORD);
      restCookie = await restLogin(behindProxy);
    });
    after(async () => {
      proxy.heal();
      await behindProxy.close();
      await direct.close();
      await proxy.close();
    });

    const signInPair = async (app: TestApp) =>
      (await app.http.post('/api/TokenAuth/Authenticate', { userNameOrEmailAddress: 'admin', password: HOST_ADMIN_PASSWORD })).body as {
        accessToken: string;
      };

    it('answers 503 with Retry-After in both dialects while the database hangs, and /health/live stays 200', async () => {
      proxy.freeze();
      try {
        const rpc = await behindProxy.http.get(`${GET_TENANTS}?MaxResultCount=1`, { token: hostToken });
        assert.equal(rpc.status, 503, rpc.text);
        assert.equal(rpc.headers.get('retry-after'), '5');
        assert.match(rpc.body.error.message, /cannot reach its database/);

        const rest = await restGet(behindProxy, '/tenant?alt=json', { cookie: restCookie });
        assert.equal(rest.status, 503, rest.text);
        assert.equal(rest.headers.get('retry-after'), '5');
        assert.match(messageOf(rest).description, /cannot reach its database/);

        const ready = await behindProxy.http.get('/health/ready');
        assert.equal(ready.status, 503);
        assert.equal(ready.body.database, 'unavailable');
        assert.equal((await behindProxy.http.get('/health')).status, 503);
        assert.equal((await behindProxy.http.get('/health/live')).status, 200);
      } finally {
        proxy.heal();
      }
      await waitFor(async () => (await behindProxy.http.get('/health/ready')).status === 200, 'readiness after the database answers again');
      assert.equal((await behindProxy.http.get(`${GET_TENANTS}?MaxResultCount=1`, { token: hostToken })).status, 200);
    });

    it('answers 503 while the database is gone and recovers by itself when it is back, without a restart', async () => {
      proxy.cut();
      try {
        const rpc = await behindProxy.http.get(`${GET_TENANTS}?MaxResultCount=1`, { token: hostToken });
        assert.equal(rpc.status, 503, rpc.text);
        assert.equal(rpc.headers.get('retry-after'), '5');
        assert.equal((await behindProxy.http.get('/health')).status, 503);
      } finally {
        proxy.heal();
      }
      await waitFor(async () => (await behindProxy.http.get(`${GET_TENANTS}?MaxResultCount=1`, { token: hostToken })).status === 200, 'recovery', 5_000);
    });

    it('survives losing the connection of a transaction between two of its statements, and serves on', async () => {
      // pg reports such a loss on the checked-out client itself; with no listener there, Node ends the process
      // (an uncaught 'error' event, which would fail this file too). The transaction's next statement fails instead.
      const uncaught: unknown[] = [];
      const record = (error: unknown) => uncaught.push(error);
      process.on('uncaughtException', record);
      try {
        let cutDone!: () => void;
        const cutHappened = new Promise<void>((resolve) => (cutDone = resolve));
        const transaction = behindProxy.database.db.transaction().execute(async (trx) => {
          await sql`select 1`.execute(trx);
          proxy.cut();
          cutDone();
          await new Promise((resolve) => setTimeout(resolve, 300));
          await sql`select 1`.execute(trx);
        });
        await cutHappened;
        await assert.rejects(transaction);
      } finally {
        proxy.heal();
        await new Promise((resolve) => setTimeout(resolve, 100));
        process.off('uncaughtException', record);
      }
      assert.deepEqual(uncaught, []);
      await waitFor(async () => (await behindProxy.http.get(`${GET_TENANTS}?MaxResultCount=1`, { token: hostToken })).status === 200, 'recovery', 5_000);
    });

    it('hears a revocation made while it was cut off, and the ones made after it reconnected', async () => {
      const endedWhileAway = await signInPair(behindProxy);
      const endedAfter = await signInPair(behindProxy);
      assert.equal((await behindProxy.http.get(WHO_AM_I, { token: endedWhileAway.accessToken })).status, 200);
      assert.equal((await behindProxy.http.get(WHO_AM_I, { token: endedAfter.accessToken })).status, 200);

      proxy.cut();
      try {
        assert.equal((await direct.http.post('/api/TokenAuth/LogOut', {}, { token: endedWhileAway.accessToken })).status, 200);
      } finally {
        proxy.heal();
      }
      // Its notification was lost; the re-read after the LISTEN connection is back must carry it.
      await waitFor(
        async () => (await behindProxy.http.get(WHO_AM_I, { token: endedWhileAway.accessToken })).status === 401,
        'the revocation made during the outage',
        10_000,
      );
      assert.equal((await direct.http.post('/api/TokenAuth/LogOut', {}, { token: endedAfter.accessToken })).status, 200);
      await waitFor(
        async () => (await behindProxy.http.get(WHO_AM_I, { token: endedAfter.accessToken })).status === 401,
        'a revocation notified after the reconnect',
        10_000,
      );
    });
  });
}
