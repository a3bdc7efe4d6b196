import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { postgresUrlFor, testEngines } from '../helpers/engines.js';
import { freePort } from '../helpers/free-port.js';
import { HttpClient } from '../helpers/http.js';
import { parseExposition } from '../helpers/prometheus-text.js';
import { startServerProcess } from '../helpers/server-process.js';
import { waitFor } from '../helpers/wait-for.js';

const TOKEN = 'metrics-port-token-0123456789-abcdefghij';
const REQUESTS = 10;

/** A GET on a connection of its own (no keep-alive), so that node:cluster hands each one to the next worker. */
function getOnNewConnection(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

for (const engine of testEngines()) {
  describe(`the metrics port of a running server on ${engine.name}`, () => {
    let server: ChildProcess;
    let main: HttpClient;
    let metricsPort: HttpClient;
    let dataDir: string | undefined;
    // On PostgreSQL the server runs two workers (node:cluster): the metrics port is their primary's.
    const workers = engine.name === 'postgres' ? 2 : 1;

    before(async () => {
      const [port, metrics] = await Promise.all([freePort(), freePort()]);
      const database: Record<string, string> = engine.name === 'postgres' ? { DATABASE_URL: await postgresUrlFor(engine) } : { DATA_DIR: (dataDir = await mkdtemp(path.join(os.tmpdir(), 'tenantry-metrics-'))) };
      server = await startServerProcess(port, {
        ...database,
        ADMIN_PASSWORD: 'Metrics-port-admin-1',
        WORKERS: String(workers),
        METRICS_ENABLED: 'true',
        METRICS_PORT: String(metrics),
        METRICS_TOKEN: TOKEN,
      });
      main = new HttpClient(`http://127.0.0.1:${port}`);
      metricsPort = new HttpClient(`http://127.0.0.1:${metrics}`);
      // The primary opens the metrics port once every worker listens; the first worker answers sooner.
      await waitFor(() => metricsPort.get('/metrics').then((a) => a.status === 401, () => false), 'the metrics port', 60_000);
    });
    after(async () => {
      await stop(server);
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    it('serves /metrics alone, to the token, on its own port bound to the loopback interface', async () => {
      assert.equal((await metricsPort.get('/metrics')).status, 401);
      assert.equal((await metricsPort.get('/metrics', { token: `${TOKEN}-wrong` })).status, 401);
      assert.equal((await metricsPort.get('/health')).status, 404, 'no API route is reachable through the metrics port');
      assert.equal((await metricsPort.post('/metrics', {})).status, 405);
      const answer = await metricsPort.get('/metrics', { token: TOKEN });
      assert.equal(answer.status, 200);
      const metrics = parseExposition(answer.text);
      assert.equal(metrics.types.get('tenantry_http_requests_total'), 'counter');
      assert.equal(metrics.types.get('process_cpu_user_seconds_total'), 'counter');
    });

    it(`counts the requests of every worker (${workers}) together, on the metrics port and on the main port alike`, async () => {
      const route = { route: '/health/live', status: '200' };
      const before = parseExposition((await metricsPort.get('/metrics', { token: TOKEN })).text).value('tenantry_http_requests_total', route);
      const statuses = [];
      for (let i = 0; i < REQUESTS; i++) statuses.push(await getOnNewConnection(`${main.baseUrl}/health/live`));
      assert.deepEqual(statuses, Array(REQUESTS).fill(200));
      // node:cluster hands new connections to the workers in turn: with two workers each served half of them, and
      // only a sum over both can count all ten.
      const onMetricsPort = parseExposition((await metricsPort.get('/metrics', { token: TOKEN })).text);
      assert.equal(onMetricsPort.value('tenantry_http_requests_total', route) - before, REQUESTS);
      const onMainPort = await main.get('/metrics', { token: TOKEN });
      assert.equal(onMainPort.status, 200);
      assert.equal(parseExposition(onMainPort.text).value('tenantry_http_requests_total', route) - before, REQUESTS);
      // Gauges every worker reads from the one database are not multiplied by the workers.
      assert.ok(onMetricsPort.has('tenantry_outbox_messages', { topic: 'mail', state: 'pending' }));
    });
  });
}
