/**
 * The test runner behind `npm test`, `npm run test:unit` and `npm run test:db`: builds the migrated database
 * templates once, runs the test files in parallel in a few long-lived processes (shards, one more than the cores;
 * each file with its own database cloned from the template), then drops the clones. Arguments: the tier (`unit`,
 * `db` or `all`), then optional file filters (substrings of paths), e.g. `npm run test:db -- api-key`.
 *
 * The shards take the files from one queue (test/helpers/test-shard.ts), longest first by the last run's timings, a
 * long file that loops over both engines as two items, one per engine (test/helpers/queued-files.ts); the run ends
 * with its slowest files.
 *
 * The test files and the source they import are compiled once per run with esbuild (the compiler tsx itself uses)
 * into `.test-build/<run>/` and run as plain JavaScript: under tsx's loader every test process spent about two
 * seconds just loading its modules. One file can still be run directly with
 * `node --import tsx --test test/....test.ts`.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { ensureBuilt } from './helpers/built.js';
import { tenantPredicateProblems } from './helpers/citus-plan.js';
import type { FailureLine } from './helpers/failures-reporter.js';
import { cloneDatabasePrefix, dropClones, embeddedTemplateDump, ensurePostgresTemplate } from './helpers/database-templates.js';
import { readStatementLog } from './helpers/statement-log.js';
import { loadParser } from './helpers/tenant-predicates.js';
import type { QueuedFile, Queue } from './helpers/test-shard.js';
import { knownTimings, longestFirst, queuedFiles, recordTimings } from './helpers/queued-files.js';

type Tier = 'unit' | 'db' | 'all';

const root = path.resolve(import.meta.dirname, '..');

function typeScriptFiles(dir: string, suffix = '.ts'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(full, suffix);
    return entry.name.endsWith(suffix) ? [path.relative(root, full)] : [];
  });
}

/** Compiles `src/` and `test/` file by file (no bundling, so every relative import still resolves) into `outdir`. */
async function compile(outdir: string): Promise<void> {
  await build({
    entryPoints: [...typeScriptFiles(path.join(root, 'src')), ...typeScriptFiles(path.join(root, 'test'))].map((file) => path.join(root, file)),
    outdir,
    outbase: root,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

// A file belongs to the database tier when it opens a database or starts the service; the rest is pure logic.
const NEEDS_DATABASE = /\b(testEngines|startTestApp|openDatabase|openTestDatabase|startServerProcess|mainCommand)\b|dist\/(cli\/)?main\.js|src\/main\.ts/;

function tierOf(file: string): Exclude<Tier, 'all'> {
  return NEEDS_DATABASE.test(readFileSync(path.join(root, file), 'utf8')) ? 'db' : 'unit';
}

async function main(): Promise<number> {
  const [tierArgument = 'all', ...filters] = process.argv.slice(2);
  if (!['unit', 'db', 'all'].includes(tierArgument)) throw new Error(`Unknown test tier "${tierArgument}": use unit, db or all.`);
  const tier = tierArgument as Tier;
  const selected = typeScriptFiles(path.join(root, 'test'), '.test.ts')
    .sort()
    .filter((file) => tier === 'all' || tierOf(file) === tier)
    .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)));
  if (selected.length === 0) throw new Error('No test file matches.');

  const env: NodeJS.ProcessEnv = { ...process.env };
  const serverUrl = process.env.TEST_DATABASE_URL;
  const runId = randomBytes(4).toString('hex');
  const usesDatabase = selected.some((file) => tierOf(file) === 'db');
  if (usesDatabase) {
    // The service's processes, the CLI and the console's browser tests run the build: made once here, if stale.
    const building = Date.now();
    ensureBuilt();
    process.stdout.write(`# build up to date in ${Date.now() - building} ms\n`);
    const started = Date.now();
    await Promise.all([embeddedTemplateDump(), serverUrl ? ensurePostgresTemplate(serverUrl) : null]);
    process.stdout.write(`# database templates ready in ${Date.now() - started} ms (${serverUrl ? 'PGlite and PostgreSQL' : 'PGlite'})\n`);
    env.TEST_RUN_ID = runId;
  }

  // Inside the repository, so that `package.json` (ESM) and `node_modules` apply to the compiled files as they are.
  const outdir = path.join(root, '.test-build', runId);
  const statementLog = path.join(os.tmpdir(), `tenantry-statements-${runId}`);
  try {
    await compile(outdir);
    const timings = knownTimings(root);
    const files = longestFirst(root, queuedFiles(root, outdir, selected, Boolean(serverUrl), timings), timings);
    const concurrency = Number(process.env.TEST_CONCURRENCY) || os.availableParallelism() + 1;
    const shards = writeShards(outdir, files, Math.min(concurrency, files.length));
    // Every app a test starts records its statements here, for the tenant-predicate check of the Citus plan.
    env.TEST_STATEMENT_LOG ??= statementLog;
    // The usual report on stdout, and each file's time for the next run's order (test/helpers/queued-files.ts).
    const timingLines = path.join(outdir, 'timings.jsonl');
    const failureLines = path.join(outdir, 'failures.jsonl');
    const reporters = [
      `--test-reporter=${process.stdout.isTTY ? 'spec' : 'tap'}`,
      '--test-reporter-destination=stdout',
      `--test-reporter=${path.join(outdir, 'test/helpers/timings-reporter.js')}`,
      `--test-reporter-destination=${timingLines}`,
      `--test-reporter=${path.join(outdir, 'test/helpers/failures-reporter.js')}`,
      `--test-reporter-destination=${failureLines}`,
    ];
    const child = spawn(process.execPath, ['--enable-source-maps', '--test', `--test-concurrency=${concurrency}`, ...reporters, ...shards], {
      cwd: root,
      env,
      stdio: 'inherit',
    });
    const code = await new Promise<number>((resolve) => child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))));
    const slowest = recordTimings(existsSync(timingLines) ? readFileSync(timingLines, 'utf8') : '').slice(0, 10);
    process.stdout.write(`# slowest: ${slowest.map(({ key, ms }) => `${key} ${(ms / 1000).toFixed(1)} s`).join(', ')}\n`);
    reportFailures(existsSync(failureLines) ? readFileSync(failureLines, 'utf8') : '');
    return usesDatabase ? Math.max(code, await checkTenantPredicates(env.TEST_STATEMENT_LOG)) : code;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
    rmSync(statementLog, { recursive: true, force: true });
    if (usesDatabase && serverUrl) await dropClones(serverUrl, cloneDatabasePrefix(runId));
  }
}

/**
 * Writes the run's queue of test files and `count` shard entries that take files from it
 * (test/helpers/test-shard.ts); answers the entries, for `node --test` to run side by side.
 */
function writeShards(outdir: string, files: readonly QueuedFile[], count: number): string[] {
  const queue: Queue = { files: [...files], claims: path.join(outdir, 'claims') };
  mkdirSync(queue.claims);
  const queueFile = path.join(outdir, 'queue.json');
  writeFileSync(queueFile, JSON.stringify(queue));
  return Array.from({ length: count }, (_, index) => {
    const entry = path.join(outdir, `shard-${index + 1}.test.js`);
    writeFileSync(entry, `import { runShard } from './test/helpers/test-shard.js';\nawait runShard(${JSON.stringify(queueFile)});\n`);
    return entry;
  });
}

/** Repeats the failed tests after the report, with the file, the test's name and the start of its error. */
function reportFailures(lines: string): void {
  const failures = lines.split('\n').filter(Boolean).map((line) => JSON.parse(line) as FailureLine);
  for (const { file, name, message } of failures) {
    process.stdout.write(`# failed: ${path.relative(root, file).replace(/^\.test-build\/[^/]+\//, '')} › ${name}: ${message}\n`);
  }
}

/**
 * The tenant-predicate check (docs/scale-out.md): every statement the service ran during the tests on a table the
 * Citus plan distributes must name its tenant, or be one of the plan's listed look-ups without one. 1 on a failure.
 */
async function checkTenantPredicates(dir: string): Promise<number> {
  const statements = readStatementLog(dir);
  if (statements.length === 0) return 0;
  await loadParser();
  const problems = tenantPredicateProblems(statements);
  process.stdout.write(`# tenant-predicate check: ${statements.length} distinct statements, ${problems.length} without a tenant predicate\n`);
  for (const problem of problems) process.stdout.write(`not ok - ${problem}\n`);
  if (problems.length > 0) process.stdout.write('# pin them to a tenant, or list them in GLOBAL_LOOKUPS (test/helpers/citus-plan.ts) and docs/scale-out.md\n');
  return problems.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
