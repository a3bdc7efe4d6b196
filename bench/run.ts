/**
 * `npm run bench`: seeds tenants through the product's bulk import, runs each workload with autocannon against
 * the real server process (dist/main.js) beside the ceilings it is measured against, in the same run, and writes
 * bench/results/<date>.json and BENCHMARKS.md (with its SVG plots). `--quick` is the smoke run: a few hundred
 * tenants, half a second per workload, PGlite only. See BENCHMARKS.md for what each workload is.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { measureHashing } from './hash-ceiling.js';
import { runLoad, type LoadFigures } from './load.js';
import { readOptions, type BenchOptions, type EngineName } from './options.js';
import { root, startProcess, stopProcess, withPeakMemory, type Started } from './processes.js';
import { writeReport } from './report.js';
import type { BenchResults, CeilingFigures, Figure } from './results.js';
import { BENCH_PASSWORD, seedDeepLists, seedTenants } from './seed.js';
import { ceilingRequests, openSession, spec, w1, W2_PATH, w3, W3_OPERATORS, w4, w5, w8, W8_LISTS } from './workloads.js';
import { serverBuildStale } from '../test/helpers/built.js';

/** Every limit raised out of reach of the offered load (the limiter still counts each request). */
const RAISED_LIMITS: Record<string, string> = Object.fromEntries(
  ['RATE_LIMIT_PER_MINUTE', 'RATE_LIMIT_PER_DAY', 'RATE_LIMIT_IP_PER_MINUTE', 'RATE_LIMIT_IP_PER_DAY', 'SIGN_IN_LIMIT_PER_MINUTE', 'SIGN_IN_IP_LIMIT_PER_MINUTE'].map((name) => [name, '1000000000']),
);

const log = (line: string) => process.stderr.write(`${line}\n`);

interface EngineRun {
  engine: EngineName;
  env: Record<string, string>;
  cleanup: () => Promise<void>;
}

async function prepareEngine(engine: EngineName, options: BenchOptions): Promise<EngineRun> {
  if (engine === 'pglite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tenantry-bench-'));
    return { engine, env: { DATA_DIR: path.join(dir, 'data') }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const url = new URL(options.postgresUrl);
  const name = url.pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bench database name ${name}: letters, digits and _ only`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`drop database if exists ${name} with (force)`);
  await client.query(`create database ${name}`);
  await client.end();
  return { engine, env: { DATABASE_URL: url.toString(), DATABASE_POOL_SIZE: '10' }, cleanup: async () => {} };
}

function serverEnv(run: EngineRun, workers: number, extra: Record<string, string> = {}): Record<string, string> {
  return { ...run.env, ...RAISED_LIMITS, SIGNUP_RATE_LIMIT: '100000', ADMIN_PASSWORD: BENCH_PASSWORD, WORKERS: String(workers), ...extra };
}

async function startServer(run: EngineRun, workers: number, options: BenchOptions, profileFor?: string, extra: Record<string, string> = {}): Promise<Started> {
  const flags = profileFor && options.profile === profileFor ? ['--cpu-prof', `--cpu-prof-dir=${path.join(root, 'bench/profiles')}`] : [];
  return startProcess(['dist/main.js'], serverEnv(run, workers, extra), '/health/ready', flags);
}

/**
 * W2 with an API key on servers whose request limits are off (REQUEST_RATE_LIMITS=false) and on (raised above the
 * load), alternating off, on, off, on so that the machine's drift falls on both: the limiter's own cost as a share
 * of throughput, from the means of each.
 */
async function limiterCost(run: EngineRun, options: BenchOptions, size: number, figure: (f: Omit<Figure, 'engine'>) => void): Promise<void> {
  const runs: Record<'off' | 'on', LoadFigures[]> = { off: [], on: [] };
  // The smoke run (--quick) runs one pair: it only shows the path works.
  for (const limits of options.quick ? (['off', 'on'] as const) : (['off', 'on', 'off', 'on'] as const)) {
    const server = await startServer(run, 1, options, undefined, { REQUEST_RATE_LIMITS: String(limits === 'on') });
    try {
      const session = await openSession(server.url, 'Bench-Company-1');
      runs[limits].push(await runLoad(spec(server.url, options.connections, options.seconds, [{ method: 'GET', path: W2_PATH }], { 'api-key': session.apiKey })));
    } finally {
      await stopProcess(server);
    }
  }
  const rate = (figures: LoadFigures[]) => figures.reduce((sum, f) => sum + f.rps, 0) / figures.length;
  const cost = Math.round((1 - rate(runs.on) / rate(runs.off)) * 1000) / 10;
  for (const limits of ['off', 'on'] as const) {
    const [last] = runs[limits].slice(-1);
    figure({
      id: 'W2',
      label: `GetGeneralSettings, API key, request limits ${limits}`,
      workers: 1,
      tenants: size,
      ...last!,
      rps: Math.round(rate(runs[limits])),
      ...(limits === 'on'
        ? { target: 'the limiter ≤ 5 % of throughput', met: cost <= 5, note: `the request limiter costs ${cost} % of throughput (${runs.on.length} run(s) each, alternating with and without it; p99 of the last)` }
        : {}),
    });
  }
}

async function ceilings(run: EngineRun, workers: number, options: BenchOptions, ids: { min: number; max: number }): Promise<CeilingFigures> {
  const measure = async (kind: 'http' | 'db') => {
    const server = await startProcess(['--import', 'tsx', 'bench/ceiling-server.ts'], { ...run.env, CEILING: kind, WORKERS: String(workers) }, '/health/ready');
    try {
      return await runLoad(spec(server.url, options.connections, options.seconds, ceilingRequests(ids)));
    } finally {
      await stopProcess(server);
    }
  };
  return { engine: run.engine, workers, http: await measure('http'), db: await measure('db') };
}

function check(figures: LoadFigures, what: string): void {
  if (figures.non2xx > 0 || figures.errors > 0) log(`  ! ${what}: ${figures.non2xx} non-2xx answers (${JSON.stringify(figures.non2xxStatuses)}), ${figures.errors} errors`);
}

async function benchEngine(run: EngineRun, options: BenchOptions, results: BenchResults): Promise<void> {
  const wanted = (id: string) => options.only.length === 0 || options.only.includes(id);
  const figure = (f: Omit<Figure, 'engine'>) => {
    check(f, `${f.id} ${f.label}`);
    results.figures.push({ engine: run.engine, ...f });
    log(`  ${f.id} ${f.label} [${run.engine}, ${f.workers} worker(s), ${f.tenants} tenants]: ${f.rps}/s p99 ${f.p99} ms${f.ratio !== undefined ? `, ${f.ratio}× ${f.ceiling}` : ''}`);
  };
  const ratio = (value: number, ceiling: number) => Math.round((value / ceiling) * 100) / 100;
  const workersHere = run.engine === 'postgres' ? options.workers : [1];
  let seeded = 0;
  const sizes = options.tenants[run.engine];
  for (const [index, size] of sizes.entries()) {
    log(`${run.engine}: seeding tenants ${seeded + 1}..${size}`);
    const seed = await seedTenants(run.env, seeded + 1, size, process.stderr.isTTY === true);
    results.seeds.push({ engine: run.engine, from: seeded + 1, to: size, seconds: Math.round(seed.seconds * 10) / 10, tenantsPerSecond: seed.tenantsPerSecond });
    log(`  W6 seed ${seed.tenants} tenants in ${seed.seconds.toFixed(1)} s: ${seed.tenantsPerSecond}/s`);
    seeded = size;
    const first = index === 0;
    const ids = { min: 1, max: Math.min(size, 10_000) };
    if (first && wanted('W8')) await seedDeepLists(run.env, 1, options.deepRows);

    const ceilingOf: Record<number, CeilingFigures> = {};
    if (first) {
      for (const workers of workersHere) {
        ceilingOf[workers] = await ceilings(run, workers, options, ids);
        results.ceilings.push(ceilingOf[workers]);
        log(`  C-http ${ceilingOf[workers].http.rps}/s, C-db ${ceilingOf[workers].db.rps}/s (${workers} worker(s))`);
      }
    }
    const cDb = (workers: number) => ceilingOf[workers]!.db.rps;

    const server = await startServer(run, 1, options, 'W1');
    try {
      const session = await openSession(server.url, 'Bench-Company-1');
      const load = (requests: Parameters<typeof spec>[3], headers: Record<string, string> = {}, connections = options.connections) =>
        runLoad(spec(server.url, connections, options.seconds, requests, headers));
      if (first) {
        if (wanted('W1')) {
          const f = await load(w1(ids), { cookie: session.cookie });
          const target = run.engine === 'postgres' ? 0.8 : 0.6;
          figure({ id: 'W1', label: 'REST read, session cookie', workers: 1, tenants: size, ...f, ceiling: 'C-db', ceilingRate: cDb(1), ratio: ratio(f.rps, cDb(1)), target: `≥ ${target} × C-db, p99 ≤ 10 ms`, met: f.rps >= target * cDb(1) && f.p99 <= 10 });
        }
        if (wanted('W2')) {
          const key = await load([{ method: 'GET', path: W2_PATH }], { 'api-key': session.apiKey });
          const token = await load([{ method: 'GET', path: W2_PATH }], { authorization: `Bearer ${session.hostToken}` });
          figure({ id: 'W2', label: 'GetGeneralSettings, API key', workers: 1, tenants: size, ...key, ceiling: 'C-db', ceilingRate: cDb(1), ratio: ratio(key.rps, cDb(1)), target: '≥ 0.85 × C-db', met: key.rps >= 0.85 * cDb(1) });
          const overhead = Math.round((token.rps / key.rps - 1) * 1000) / 10;
          figure({ id: 'W2', label: 'GetGeneralSettings, access token', workers: 1, tenants: size, ...token, ceiling: 'C-db', ceilingRate: cDb(1), ratio: ratio(token.rps, cDb(1)), target: 'key verification ≤ 5 % over the token', met: overhead <= 5, note: `the API key costs ${overhead} % of throughput against the token` });
        }
        if (wanted('W8')) {
          for (const list of Object.keys(W8_LISTS) as (keyof typeof W8_LISTS)[]) {
            const token = list === 'GetTenants' ? session.hostToken : session.tenantToken;
            const skip = list === 'GetTenants' ? Math.min(options.deepSkip, size - 50) : Math.min(options.deepSkip, options.deepRows - 50);
            const firstPage = await load(w8(list, 0), { authorization: `Bearer ${token}` });
            const deepPage = await load(w8(list, skip), { authorization: `Bearer ${token}` });
            const growth = Math.round((deepPage.p99 / Math.max(firstPage.p99, 1)) * 100) / 100;
            figure({ id: 'W8', label: `${list} first page`, workers: 1, tenants: size, ...firstPage });
            figure({ id: 'W8', label: `${list} skipCount ${skip}`, workers: 1, tenants: size, ...deepPage, target: 'p99 ≤ 2 × the first page', met: growth <= 2, note: `p99 ${growth}× the first page's` });
          }
        }
        if (wanted('W4')) {
          const f = await load(w4(session.productId), { authorization: `Bearer ${session.hostToken}`, 'content-type': 'application/json' });
          const perSecond = Math.round(f.rps / 2);
          figure({ id: 'W4', label: 'onboarding, submit + complete', workers: 1, tenants: size, ...f, rps: perSecond, ceiling: 'C-hash', ceilingRate: results.hashing.hashPerSecond, ratio: ratio(perSecond, results.hashing.hashPerSecond), target: '≥ 0.80 × C-hash', met: perSecond >= 0.8 * results.hashing.hashPerSecond, note: 'rate: completed registrations per second (two requests each)' });
        }
        if (wanted('W5')) {
          for (const dialect of ['rpc', 'rest'] as const) {
            // As many connections as every other workload: a request spends part of its time outside the hash
            // (its statements, the submit step), so only more requests than threads keep the threads busy, as the
            // ceiling keeps them.
            const f = await load(w5(dialect));
            figure({ id: 'W5', label: dialect === 'rpc' ? 'TokenAuth/Authenticate' : 'REST login', workers: 1, tenants: size, ...f, ceiling: 'C-verify', ceilingRate: results.hashing.verifyPerSecond, ratio: ratio(f.rps, results.hashing.verifyPerSecond), target: '≥ 0.80 × C-verify', met: f.rps >= 0.8 * results.hashing.verifyPerSecond });
          }
        }
      }
      if (wanted('W3')) {
        for (const operator of W3_OPERATORS) {
          const { result: f, peakMb } = await withPeakMemory(server.child.pid!, () => load(w3(operator, size), { cookie: session.cookie }));
          const last = index === sizes.length - 1;
          figure({ id: 'W3', label: `search ${operator}`, workers: 1, tenants: size, ...f, peakRssMb: peakMb, ...(last ? { target: 'p99 ≤ 20 ms', met: f.p99 <= 20 } : {}) });
        }
      }
    } finally {
      await stopProcess(server);
    }

    if (first && wanted('W2')) await limiterCost(run, options, size, figure);
    if (first && (wanted('W1') || wanted('W2'))) {
      for (const workers of workersHere.filter((w) => w > 1)) {
        const many = await startServer(run, workers, options);
        try {
          const session = await openSession(many.url, 'Bench-Company-1');
          const f1 = await runLoad(spec(many.url, options.connections, options.seconds, w1(ids), { cookie: session.cookie }));
          figure({ id: 'W1', label: 'REST read, session cookie', workers, tenants: size, ...f1, ceiling: 'C-db', ceilingRate: cDb(workers), ratio: ratio(f1.rps, cDb(workers)), target: '≥ 0.8 × C-db, p99 ≤ 10 ms', met: f1.rps >= 0.8 * cDb(workers) && f1.p99 <= 10 });
          const f2 = await runLoad(spec(many.url, options.connections, options.seconds, [{ method: 'GET', path: W2_PATH }], { 'api-key': session.apiKey }));
          figure({ id: 'W2', label: 'GetGeneralSettings, API key', workers, tenants: size, ...f2, ceiling: 'C-db', ceilingRate: cDb(workers), ratio: ratio(f2.rps, cDb(workers)), target: '≥ 0.85 × C-db', met: f2.rps >= 0.85 * cDb(workers) });
        } finally {
          await stopProcess(many);
        }
      }
    }
  }
}

async function versions(options: BenchOptions): Promise<{ postgres?: string; pglite: string }> {
  const pglite = (JSON.parse(readFileSync(path.join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string }).version;
  if (!options.engines.includes('postgres')) return { pglite };
  const client = new pg.Client({ connectionString: options.postgresUrl.replace(/\/[^/]*$/, '/postgres') });
  await client.connect();
  const { rows } = await client.query<{ server_version: string }>('show server_version');
  await client.end();
  return { pglite, postgres: rows[0]!.server_version };
}

/** The server under test is the built one: refuse to measure a dist/ missing or older than the source it was built from. */
function assertBuilt(): void {
  if (serverBuildStale()) throw new Error('dist/ is missing or older than src/: run `npm run build` first (the bench measures the built server).');
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  assertBuilt();
  const started = new Date();
  log(`bench: ${options.quick ? 'quick smoke run' : 'full run'}; engines ${options.engines.join(', ')}; tenants ${options.engines.map((e) => `${e} ${options.tenants[e].join(', ')}`).join('; ')}`);
  const hashing = await measureHashing(options.quick ? 0.5 : 5);
  log(`C-hash ${hashing.hashPerSecond}/s, C-verify ${hashing.verifyPerSecond}/s on ${hashing.threads} threads`);
  const results: BenchResults = {
    date: started.toISOString(),
    quick: options.quick,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      loadAverageStart: os.loadavg()[0]!,
      loadAverageEnd: 0,
      node: process.version,
      os: `${os.type()} ${os.release()}`,
      ...(await versions(options)),
    },
    settings: { connections: options.connections, seconds: options.seconds, tenants: Object.fromEntries(options.engines.map((e) => [e, options.tenants[e]])), workers: options.workers, deepSkip: options.deepSkip, deepRows: options.deepRows, rateLimits: 'every limit raised to 1,000,000,000 per window (counted, never reached)' },
    hashing,
    ceilings: [],
    seeds: [],
    figures: [],
  };
  for (const engine of options.engines) {
    const run = await prepareEngine(engine, options);
    try {
      await benchEngine(run, options, results);
    } finally {
      await run.cleanup();
    }
  }
  results.machine.loadAverageEnd = os.loadavg()[0]!;
  mkdirSync(path.resolve(root, options.resultsDir), { recursive: true });
  const json = path.resolve(root, options.resultsDir, `${started.toISOString().slice(0, 19).replace(/:/g, '-')}.json`);
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  writeReport(results, path.resolve(root, options.markdown));
  log(`bench: wrote ${path.relative(root, json)} and ${options.markdown}`);
}

await main();
