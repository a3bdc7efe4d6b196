import type { ChildProcess } from 'node:child_process';
import { HttpClient, WHO_AM_I } from '../helpers/http.js';
import { freePort } from '../helpers/free-port.js';
import { clusterParentDir, PostgresCluster, query } from '../helpers/postgres-cluster.js';
import { killServerProcess, startServerProcess } from '../helpers/server-process.js';
import { rmSync } from 'node:fs';

const PASSWORD = 'Outage-admin-pass-1';
const GET_TENANTS = '/api/services/Platform/Tenant/GetTenants?MaxResultCount=1';

/**
 * The service's database bounds during the run (its documented settings, chosen short): a hung server is noticed
 * within about a second. The revocation poll is an hour, so that only LISTEN/NOTIFY (or the re-read after its
 * reconnect) can carry a revocation from one instance to the other within the run.
 */
export const OUTAGE_ENV: Record<string, string> = {
  DATABASE_CONNECT_TIMEOUT_MS: '1000',
  DATABASE_ACQUIRE_TIMEOUT_MS: '1000',
  DATABASE_STATEMENT_TIMEOUT_MS: '1000',
  REVOCATION_POLL_MS: '3600000',
};

/** How the database goes away: `pg_ctl stop -m immediate` (a crash), `-m fast` (a clean shutdown), or SIGSTOP. */
export type Fault = 'stop-immediate' | 'stop-fast' | 'freeze';

export interface OutageFigures {
  fault: Fault;
  /** How long the database was away, seconds. */
  outageSeconds: number;
  /** Probe requests sent to the service while the database was away (RPC, REST and /health). */
  probes: number;
  /** RPC and REST answers during the outage: each a 503 with Retry-After, or counted in `wrongAnswers`. */
  unavailableAnswers: number;
  wrongAnswers: string[];
  /** The slowest and the median 503 answer during the outage, ms. */
  slowest503Ms: number;
  median503Ms: number;
  /** `/health/ready` answered 503 and `/health/live` 200 during the outage. */
  readyReported503: boolean;
  liveStayed200: boolean;
  /** From the database accepting connections again to the service's first 200 on a database read, seconds. */
  recoverySeconds: number;
  /** From then to the other instance's first 200 too. */
  otherRecoverySeconds: number;
  /** A sign-out on one instance, refused by the other after this many ms: right after recovery, then again. */
  firstRevocationMs: number;
  revocationMs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function restLogin(http: HttpClient): Promise<string> {
  const answer = await http.request('POST', '/networking/rest/login', undefined, {
    raw: `<platform><login><userName>admin</userName><password>${PASSWORD}</password></login></platform>`,
    headers: { 'content-type': 'application/xml' },
  });
  if (answer.status !== 200) throw new Error(`REST login failed: ${answer.status} ${answer.text}`);
  return (answer.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/** Polls until `check` holds; answers the seconds it took. */
async function secondsUntil(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await check().catch(() => false)) return (performance.now() - started) / 1000;
    if (performance.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Two service processes on a PostgreSQL cluster of the run's own: the database goes away (`fault`) for
 * `outageSeconds` while the first instance is probed in both dialects and on its health routes, then comes back;
 * measures how fast the 503s came, how long each instance took to answer again, and how fast a sign-out on one
 * instance is refused by the other afterwards (only NOTIFY can carry it: the poll is an hour).
 */
export async function outageRun(fault: Fault, outageSeconds: number): Promise<OutageFigures> {
  const dir = clusterParentDir();
  const servers: ChildProcess[] = [];
  let cluster: PostgresCluster | undefined;
  try {
    cluster = await PostgresCluster.init(dir, 'outage');
    await query(cluster.url(), 'create database tenantry');
    const env = { ...OUTAGE_ENV, ADMIN_PASSWORD: PASSWORD, DATABASE_URL: cluster.url('tenantry') };
    const [port, otherPort] = [await freePort(), await freePort()];
    servers.push(await startServerProcess(port, env));
    servers.push(await startServerProcess(otherPort, env));
    const http = new HttpClient(`http://127.0.0.1:${port}`);
    const other = new HttpClient(`http://127.0.0.1:${otherPort}`);
    const token = await http.signIn('admin', PASSWORD);
    const cookie = await restLogin(http);
    const figures: OutageFigures = {
      fault,
      outageSeconds,
      probes: 0,
      unavailableAnswers: 0,
      wrongAnswers: [],
      slowest503Ms: 0,
      median503Ms: 0,
      readyReported503: true,
      liveStayed200: true,
      recoverySeconds: 0,
      otherRecoverySeconds: 0,
      firstRevocationMs: 0,
      revocationMs: 0,
    };

    if (fault === 'freeze') cluster.freeze();
    else cluster.stop(fault === 'stop-fast' ? 'fast' : 'immediate');
    const away = performance.now();
    const latencies: number[] = [];
    const probe = async (name: string, send: () => Promise<{ status: number; headers: Headers; text: string }>) => {
      const t0 = performance.now();
      const answer = await send().catch((error: unknown) => ({ status: 0, headers: new Headers(), text: String(error) }));
      const ms = performance.now() - t0;
      figures.probes++;
      if (answer.status === 503 && answer.headers.get('retry-after') === '5') {
        figures.unavailableAnswers++;
        latencies.push(ms);
      } else {
        figures.wrongAnswers.push(`${name}: ${answer.status} ${answer.text.slice(0, 120)}`);
      }
    };
    // Probes from four clients at once, as long as the database is away; each a request that needs it.
    const client = async () => {
      while (performance.now() - away < outageSeconds * 1000) {
        await probe('rpc', () => http.get(GET_TENANTS, { token }));
        await probe('rest', () => http.request('GET', '/networking/rest/tenant?alt=json', undefined, { headers: { cookie } }));
        const [ready, live] = await Promise.all([http.get('/health/ready'), http.get('/health/live')]);
        figures.probes += 2;
        if (ready.status !== 503) figures.readyReported503 = false;
        if (live.status !== 200) figures.liveStayed200 = false;
      }
    };
    await Promise.all([client(), client(), client(), client()]);

    if (fault === 'freeze') cluster.thaw();
    else cluster.start();
    const back = performance.now();
    figures.recoverySeconds = await secondsUntil(async () => (await http.get(GET_TENANTS, { token })).status === 200, 'the service to answer again', 30_000);
    await secondsUntil(async () => (await other.get(GET_TENANTS, { token })).status === 200, 'the other instance to answer again', 30_000);
    figures.otherRecoverySeconds = (performance.now() - back) / 1000;
    figures.slowest503Ms = Math.max(0, ...latencies);
    figures.median503Ms = median(latencies);

    // A session used on the first instance, ended on the other: refused by the first once the notification arrives.
    const revoke = async (): Promise<number> => {
      const session = await other.signIn('admin', PASSWORD);
      const seen = await http.get(WHO_AM_I, { token: session });
      if (seen.status !== 200) throw new Error(`a fresh session was refused: ${seen.status} ${seen.text}`);
      const out = await other.post('/api/TokenAuth/LogOut', {}, { token: session });
      if (out.status !== 200) throw new Error(`sign-out failed: ${out.status} ${out.text}`);
      return 1000 * (await secondsUntil(async () => (await http.get(WHO_AM_I, { token: session })).status === 401, 'the sign-out to reach the other instance', 30_000));
    };
    figures.firstRevocationMs = await revoke();
    figures.revocationMs = await revoke();
    return figures;
  } finally {
    for (const server of servers) await killServerProcess(server);
    cluster?.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
