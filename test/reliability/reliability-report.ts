/**
 * `npm run reliability`: the long versions of the reliability tests, on both engines (PostgreSQL when
 * TEST_DATABASE_URL names a server), and RELIABILITY.md regenerated from their figures.
 * Arguments: `--kills N` (crash run, default 10), `--soak-minutes M` (per engine, default 10), `--outage-seconds S`
 * (default 10), `--rounds R` (unknown outcome, default 5), `--only crash,outage,outcome,soak,memory` (default all; with
 * `--only`, the sections run replace their namesakes in the existing RELIABILITY.md and the rest stay).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { timeSeriesSvg } from '../../bench/plots.js';
import { serverBuildStale } from '../helpers/built.js';
import { canBuildClusters } from '../helpers/postgres-cluster.js';
import { projectRoot } from '../helpers/project-root.js';
import { startFromDist } from '../helpers/server-process.js';
import { crashRun, type CrashFigures, type CrashTarget } from './crash-run.js';
import { embeddedMemoryRun, type EmbeddedMemoryFigures } from './memory-run.js';
import { outageRun, OUTAGE_ENV, type Fault, type OutageFigures } from './outage-run.js';
import { soakRun, type SoakFigures } from './soak-run.js';
import { unknownOutcomeRun, type UnknownOutcomeFigures } from './unknown-outcome-run.js';

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}
const kills = argument('kills', 10);
const soakMinutes = argument('soak-minutes', 10);
const outageSeconds = argument('outage-seconds', 10);
const rounds = argument('rounds', 5);
const onlyAt = process.argv.indexOf('--only');
const only = new Set(onlyAt > 0 ? process.argv[onlyAt + 1]!.split(',') : ['crash', 'outage', 'outcome', 'soak', 'memory']);

const log = (line: string) => process.stderr.write(`${line}\n`);
const load = () => os.loadavg()[0]!.toFixed(1);
const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);

async function postgresTarget(serverUrl: string, purpose: string): Promise<{ target: CrashTarget; drop: () => Promise<void> }> {
  const name = `tenantry_reliability_${purpose}_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    target: { engine: 'postgres', databaseUrl: url.toString() },
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** Runs `work` once per engine, each on a fresh data directory or database, and answers the results. */
async function perEngine<T>(purpose: string, work: (target: CrashTarget) => Promise<T>): Promise<{ result: T; seconds: number; load: string }[]> {
  const results: { result: T; seconds: number; load: string }[] = [];
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `tenantry-reliability-${purpose}-`));
  const runs: { target: CrashTarget; drop: () => Promise<void> }[] = [{ target: { engine: 'pglite', dataDir }, drop: () => rm(dataDir, { recursive: true, force: true }) }];
  if (process.env.TEST_DATABASE_URL) runs.push(await postgresTarget(process.env.TEST_DATABASE_URL, purpose));
  for (const run of runs) {
    const started = Date.now();
    const before = load();
    log(`${purpose} on ${run.target.engine} (load average ${before})`);
    try {
      const result = await work(run.target);
      results.push({ result, seconds: Math.round((Date.now() - started) / 1000), load: `${before} → ${load()}` });
      log(JSON.stringify(result));
    } finally {
      await run.drop();
    }
  }
  return results;
}

const THREE_INSTANCES = `## Three instances on one database

\`test/reliability/three-instances.test.ts\` (in \`npm test\`, PostgreSQL) starts three service processes on one
database behind a round-robin client, with the revocation poll set to an hour so that only \`LISTEN/NOTIFY\` can
carry a change. A session opened on one is honoured by the others and a sign-out on one ends it on the others at
once; a refresh token rotated on one is refused on another, and that replay ends the session everywhere; a deleted
API key that every instance had cached is refused by all three at once; failed sign-ins spread over the three lock
the account on all of them; a key's rate limit is counted once across the three, and the host's change of a
tenant's limits or of the tenant configuration is seen at once. Four clients then generate keys through the
balancer while webhook deliveries of \`ApiKey.Created\` race between three dispatchers; one instance is killed with
SIGKILL mid-load: every acknowledged key works, every acknowledged key's event is delivered, and only a message
whose delivery was under way in the killed instance (claimed twice) may arrive twice (docs/events.md).

## Killed during the first start

\`test/reliability/first-start-crash.test.ts\` (in \`npm test\`) kills the embedded engine's first start with SIGKILL
right after it begins writing its data directory and 700 ms later (during initdb and the migrations, asserted not
yet ready); the next start opens the directory, finishes, and the host admin signs in.
`;

function crashSection(results: { result: CrashFigures; seconds: number; load: string }[]): string {
  const rows = results.map(
    ({ result: f, seconds, load }) =>
      `| ${f.engine} | ${f.kills} | ${f.acknowledgedRegistrations} | ${f.acknowledgedKeys} | ${f.lost} | ${f.halfDone} | ${f.duplicateWelcomes} | ${f.unexpectedAnswers.length} | ${seconds} s | ${load} |`,
  );
  return `## Crash: SIGKILL in the middle of a stream of writes

The service (\`dist/main.js\`, a real process) is killed with SIGKILL ${kills} times per engine, each time 1–4 s into
a stream of registrations (\`SubmitTenancyRequest\` + \`CompleteTenantRegistration\`, welcome e-mail queued) and API
key generations from 6 concurrent clients; after every kill the database is read directly and then the service is
restarted on the same data. *Lost*: an acknowledged registration whose lead, tenant, admin, subscription or invoice
is missing, or an acknowledged key that no longer authenticates. *Half-done*: a lead converted without all of its
tenant, admin, subscription, invoice and welcome e-mail, or any of them without a converted lead. The short version
(one kill per engine) runs in \`npm test\` (\`test/reliability/crash.test.ts\`).

| engine | kills | acknowledged registrations | acknowledged keys | lost | half-done | duplicate welcomes | unexpected answers | time | load average |
|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}
`;
}

function outageSection(results: { result: OutageFigures; seconds: number; load: string }[]): string {
  const rows = results.map(
    ({ result: f, load }) =>
      `| ${f.fault} | ${f.outageSeconds} s | ${f.probes} | ${f.unavailableAnswers} | ${f.wrongAnswers.length} | ${Math.round(f.median503Ms)} / ${Math.round(f.slowest503Ms)} ms | ${f.readyReported503 ? '503' : '**not 503**'} | ${f.liveStayed200 ? '200' : '**not 200**'} | ${f2(f.recoverySeconds)} s / ${f2(f.otherRecoverySeconds)} s | ${Math.round(f.firstRevocationMs)} ms | ${Math.round(f.revocationMs)} ms | ${load} |`,
  );
  const env = Object.entries(OUTAGE_ENV).map(([k, v]) => `\`${k}=${v}\``).join(', ');
  return `## Database outage and hang: a PostgreSQL cluster of its own, stopped and frozen

\`test/reliability/outage-run.ts\` builds a throw-away PostgreSQL 15 cluster (initdb into a temporary directory, its
own port) and starts two service processes on it (${env}: the revocation poll is an hour, so only
\`LISTEN/NOTIFY\` carries a sign-out from one to the other). The database then goes away for the stated time —
\`pg_ctl stop -m immediate\` (as a crash), \`-m fast\` (a clean shutdown), or SIGSTOP on the postmaster and every
process it started (a hung server: connections stay open, nothing answers) — while four clients probe the first
instance with an RPC read (\`GetTenants\`), a REST read (\`GET /networking/rest/tenant\`) and its health routes. Then
the cluster is started again (or sent SIGCONT). *Recovery*: from the database accepting connections to each
instance's first 200 on a database read (first / other instance), no restart. *Revocation*: a session used on the
first instance is signed out on the other; the time until the first refuses it, right after recovery and once more.
The short version (2 s of \`stop -m immediate\` and of SIGSTOP) runs in \`npm test\` (\`test/reliability/cluster-outage.test.ts\`);
\`test/reliability/database-faults.test.ts\` does the same through a TCP fault proxy (a frozen and a cut network).

| fault | outage | probes | 503 + Retry-After | other answers | 503 in (median / slowest) | /health/ready | /health/live | recovery (first / other) | revocation after recovery | revocation | load average |
|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}
`;
}

function outcomeSection(results: { result: UnknownOutcomeFigures; seconds: number; load: string }[]): string {
  const rows = results.map(
    ({ result: f, seconds, load }) =>
      `| ${f.engine} | ${f.lostAnswers} | ${f.killedAtCommit} | ${f.killedAtAnswer} | ${f.retriesAnsweredOriginal} | ${f.wrong.length} | ${seconds} s | ${load} |`,
  );
  return `## Unknown outcome: killed after the commit, before the answer

\`test/reliability/unknown-outcome-run.ts\` sends ${rounds} \`CompleteTenantRegistration\`s and ${rounds} \`CreateProduct\`s with an
\`Idempotency-Key\` per engine through a TCP proxy (\`test/helpers/answer-cutting-proxy.ts\`) that lets the request
in and, the moment the service's first answer byte reaches it, kills the service with SIGKILL and drops the
client's connection: the service writes an answer only after its commit, so the change is made and the answer is
lost. On PostgreSQL a watcher polling the database races the proxy and kills the service as soon as the lead shows
converted (*killed at commit*). The service is restarted on the same data and the client retries exactly what it
sent: the registration (same \`requestXref\`, same body) must answer 200 with the tenant the first request made
(the only one of that name, checked over the API, also on a second retry) and fresh \`loginLink\` and
\`paymentLink\`; the product (same key, same body) must answer 200 \`Idempotent-Replayed: true\` with the id of the
only product of that name. The short version (one of each per engine) runs in \`npm test\`
(\`test/reliability/unknown-outcome.test.ts\`).

| engine | answers lost to SIGKILL | killed at commit | killed at answer | retries answered the first result | wrong | time | load average |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}
`;
}

async function soakSection(results: { result: SoakFigures; seconds: number; load: string }[]): Promise<string> {
  const dir = path.join(projectRoot, 'test/reliability/plots');
  await mkdir(dir, { recursive: true });
  const parts: string[] = [];
  for (const { result: f, load } of results) {
    const memoryFile = `soak-memory-${f.engine}.svg`;
    const latencyFile = `soak-p99-${f.engine}.svg`;
    await writeFile(
      path.join(dir, memoryFile),
      timeSeriesSvg(`Soak on ${f.engine}: memory after forced GC`, { x: 'minutes', y: 'MiB' }, [
        { label: 'RSS', points: f.memory.map((m) => ({ x: m.atSeconds / 60, y: m.rssMiB })) },
        { label: 'live heap', points: f.memory.map((m) => ({ x: m.atSeconds / 60, y: m.heapMiB })) },
      ]),
    );
    await writeFile(
      path.join(dir, latencyFile),
      timeSeriesSvg(`Soak on ${f.engine}: latency per interval`, { x: 'minutes', y: 'ms' }, [
        { label: 'p99', points: f.intervals.map((i) => ({ x: i.endSeconds / 60, y: i.p99Ms })) },
        { label: 'p50', points: f.intervals.map((i) => ({ x: i.endSeconds / 60, y: i.p50Ms })) },
      ]),
    );
    const [first, last] = [f.memory[0]!, f.memory.at(-1)!];
    const intervalRows = f.intervals.map((i) => `| ${f1(i.endSeconds / 60)} | ${i.requests} | ${Math.round(i.p50Ms)} | ${Math.round(i.p99Ms)} |`);
    parts.push(`### ${f.engine}

${f.seconds / 60} minutes at concurrency ${f.concurrency} (load average ${load}): **${f.requests} operations**
(${Object.entries(f.byOperation).map(([o, n]) => `${n} ${o}`).join(', ')}), **${f.unexpected.length} unexpected answers**${f.unexpected.length ? ` (${f.unexpected.slice(0, 5).join('; ')})` : ''};
p50 ${Math.round(f.p50Ms)} ms, p99 ${Math.round(f.p99Ms)} ms. Live heap after forced GC ${f1(first.heapMiB)} → ${f1(last.heapMiB)} MiB
(least-squares trend over the run after its first interval: ${f2(f.heapGrowthMiBPerMinute)} MiB per minute); RSS ${f1(first.rssMiB)} → ${f1(last.rssMiB)} MiB.

![Memory during the soak, ${f.engine}](test/reliability/plots/${memoryFile})

![Latency during the soak, ${f.engine}](test/reliability/plots/${latencyFile})

<details><summary>per interval</summary>

| minute | operations | p50 ms | p99 ms |
|---|---|---|---|
${intervalRows.join('\n')}

</details>
`);
  }
  return `## Soak: mixed load at fixed concurrency

\`test/reliability/soak-run.ts\` runs mixed load against the real service process (\`dist/main.js\`): reads (\`GetCurrentLoginInformations\`,
a page of \`GetTenants\`), searches (\`GetTenants\` with a filter), API key generations, onboardings (\`SubmitTenancyRequest\` +
\`CompleteTenantRegistration\`), and deletes of keys and of tenants, weighted 35/20/20/8/12/5, from a fixed number of
clients; rate limits raised out of reach. Every answer that is not the expected 2xx counts as unexpected. An
*operation* is one request, or the two of an onboarding. The service is started with \`--expose-gc\` and a preload
that only the test loads (\`test/helpers/memory-probe.ts\`): over the IPC channel of its parent it answers its
\`process.memoryUsage()\` after two forced full collections, so *live heap* is the heap that survives a collection
(no route, no signal, nothing reachable from the network). The short version (12 s per engine) runs in \`npm test\`
(\`test/reliability/soak.test.ts\`).

${parts.join('\n')}`;
}

function memorySection(rows: EmbeddedMemoryFigures[]): string {
  const table = rows.map(
    (m) =>
      `| ${m.sharedBuffersMb} MB | ${Math.round(m.firstStartRssMiB)} MiB (peak ${Math.round(m.firstStartPeakMiB)}) | ${Math.round(m.firstStartRssAfterGcMiB)} MiB | ${Math.round(m.restartRssMiB)} MiB | ${Math.round(m.afterLoadRssMiB)} MiB | ${f1(m.restartHeapMiB)} → ${f1(m.afterLoadHeapMiB)} MiB |`,
  );
  return `## Memory of the embedded engine

What held the embedded engine's ~500 MiB, found by opening PGlite alone and reading \`process.memoryUsage()\`,
the WebAssembly heap's size and \`pg_settings\`:

- **\`shared_buffers\` = 128 MB** (PostgreSQL's default, which PGlite keeps). Inside WebAssembly it is not shared
  memory the kernel maps on demand: Emscripten's anonymous \`mmap\` takes it from the module's heap and zeroes it,
  so all of it is resident from the start, with \`wal_buffers\` (a 32nd of it). The data files are read through
  Node's file system and cached by the kernel anyway. Now 16 MB by default (\`EMBEDDED_SHARED_BUFFERS_MB\`,
  \`src/data/pglite-memory.ts\`); the WebAssembly heap itself cannot start below 128 MiB (the module's minimum),
  but its untouched pages are not resident.
- **The first start** runs \`initdb\` in a second PGlite instance (its own 128 MiB+ heap and a copy of the new data
  directory) that PGlite closes but that stays in memory until the next full garbage collection: RSS right after
  the first start is the highest the process sees, and it falls back once V8 collects (column *after GC*).
- Not the cause: \`pg_trgm\` (16 kB, the only extension loaded; the search needs it), \`work_mem\` (4 MB, per
  sort, not resident), the loaded dump (tests only), PGlite's file-system bundle (6 MB).

Measured by \`test/reliability/memory-run.ts\` (a real service process with the memory probe, RSS as the kernel
counts it), each on a new data directory: first start, a start on the existing data, and after
${rows[0]?.loadSeconds ?? 0} s of the soak's mixed load (after forced GC). The embedded soak above starts on a new data directory, so
its RSS carries what the first start leaves behind (the column *first start, after GC*), not the lower figure of a
start on existing data:

| shared_buffers | first start | first start, after GC | start on existing data | after load | live heap start → after load |
|---|---|---|---|---|---|
${table.join('\n')}
`;
}

/**
 * The existing report with the sections of this run put in place of their namesakes (matched by their `## ` title),
 * each saying it was re-run on its own, when, and under what load: `--only` refreshes some figures and keeps the rest.
 */
function mergedReport(existing: string, sections: readonly string[], started: Date, startLoad: string): string {
  const [header, ...kept] = existing.split(/^(?=## )/m);
  const titleOf = (section: string) => section.split('\n', 1)[0]!;
  const rerun = new Map(sections.map((section) => [titleOf(section), section]));
  const provenance = `*Re-run on its own by \`npm run reliability -- ${process.argv.slice(2).join(' ')}\` on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC (one-minute load average ${startLoad} → ${load()} on ${os.cpus().length} cores); the other sections are from the run the header names.*`;
  const merged = kept.map((section) => {
    const fresh = rerun.get(titleOf(section));
    if (fresh === undefined) return section;
    rerun.delete(titleOf(section));
    const [title, ...body] = fresh.split('\n');
    return `${[title, '', provenance, ...body].join('\n').trimEnd()}\n\n`;
  });
  return [header, ...merged, ...rerun.values()].join('');
}

/** Writes RELIABILITY.md from the sections run so far (after each section, so that a run cut short keeps its figures). */
async function writeReport(started: Date, startLoad: string, sections: readonly string[], finished: boolean): Promise<void> {
  const file = path.join(projectRoot, 'RELIABILITY.md');
  if (onlyAt > 0 && existsSync(file)) {
    if (finished) await writeFile(file, mergedReport(readFileSync(file, 'utf8'), sections, started, startLoad));
    return;
  }
  const minutes = Math.round((Date.now() - started.getTime()) / 60_000);
  const report = `# Reliability

Regenerated by \`npm run reliability -- ${process.argv.slice(2).join(' ')}\` against the built service (\`dist/main.js\`; ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${minutes} minutes,
Node ${process.version}, ${os.cpus().length} cores). **The machine was shared**: one-minute load average ${startLoad} at the
start and ${load()} at the end on ${os.cpus().length} cores (each section gives its own); latencies and durations below are
those of a machine several times overcommitted and say nothing about the service's speed — the counts (lost,
half-done, unexpected, wrong) and the memory figures are what these runs establish.

${sections.join('\n')}
${finished ? '' : '*(run still under way: sections follow as they finish)*\n\n'}${THREE_INSTANCES}`;
  await writeFile(file, report);
}

/** The service measured is the built one, as production runs it: refuse a dist/ missing or older than the source. */
function assertBuilt(): void {
  if (serverBuildStale()) throw new Error('dist/ is missing or older than src/: run `npm run build` first (the reliability runs measure the built service).');
}

async function main(): Promise<void> {
  assertBuilt();
  startFromDist();
  const started = new Date();
  const startLoad = load();
  const sections: string[] = [];
  let failed = false;
  if (only.has('crash')) {
    const results = await perEngine('crash', (target) => crashRun(target, { kills, streamMs: () => 1_000 + Math.random() * 3_000, concurrency: 6 }));
    failed ||= results.some(({ result: f }) => f.lost + f.halfDone + f.duplicateWelcomes + f.unexpectedAnswers.length > 0);
    sections.push(crashSection(results));
    await writeReport(started, startLoad, sections, false);
  }
  if (only.has('outage') && process.env.TEST_DATABASE_URL && canBuildClusters) {
    const results: { result: OutageFigures; seconds: number; load: string }[] = [];
    for (const fault of ['stop-immediate', 'stop-fast', 'freeze'] satisfies Fault[]) {
      const before = load();
      log(`outage ${fault} (load average ${before})`);
      const t0 = Date.now();
      const result = await outageRun(fault, outageSeconds);
      log(JSON.stringify(result));
      results.push({ result, seconds: Math.round((Date.now() - t0) / 1000), load: `${before} → ${load()}` });
    }
    failed ||= results.some(
      ({ result: f }) => f.wrongAnswers.length > 0 || !f.readyReported503 || !f.liveStayed200 || f.recoverySeconds > 5 || f.otherRecoverySeconds > 5,
    );
    sections.push(outageSection(results));
    await writeReport(started, startLoad, sections, false);
  }
  if (only.has('outcome')) {
    const results = await perEngine('outcome', (target) => unknownOutcomeRun(target, rounds));
    failed ||= results.some(({ result: f }) => f.wrong.length > 0 || f.retriesAnsweredOriginal !== 2 * rounds);
    sections.push(outcomeSection(results));
    await writeReport(started, startLoad, sections, false);
  }
  if (only.has('soak')) {
    const seconds = Math.round(soakMinutes * 60);
    const interval = soakMinutes >= 3 ? 60 : 10;
    const results = await perEngine('soak', (target) => soakRun(target, { seconds, concurrency: 6, intervalSeconds: interval, memoryEverySeconds: Math.max(5, interval / 4) }));
    failed ||= results.some(({ result: f }) => f.unexpected.length > 0);
    sections.push(await soakSection(results));
    await writeReport(started, startLoad, sections, false);
  }
  if (only.has('memory')) {
    const rows: EmbeddedMemoryFigures[] = [];
    for (const mb of [128, 16]) {
      log(`memory with shared_buffers ${mb} MB (load average ${load()})`);
      const figures = await embeddedMemoryRun(mb, 30);
      log(JSON.stringify(figures));
      rows.push(figures);
    }
    sections.push(memorySection(rows));
  }

  await writeReport(started, startLoad, sections, true);
  process.exitCode = failed ? 1 : 0;
}

void main();
