/**
 * The test runner behind `npm test`, `npm run test:unit` and `npm run test:db`: builds the migrated database
 * templates once, runs the test files in parallel (each in its own process, each with its own database cloned
 * from the template), then drops the clones. Arguments: the tier (`unit`, `db` or `all`), then optional file
 * filters (substrings of paths), e.g. `npm run test:db -- api-key`.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cloneDatabasePrefix, dropClones, embeddedTemplateDump, ensurePostgresTemplate } from './helpers/database-templates.js';

type Tier = 'unit' | 'db' | 'all';

const root = path.resolve(import.meta.dirname, '..');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith('.test.ts') ? [path.relative(root, full)] : [];
  });
}

// A file belongs to the database tier when it opens a database or starts the service; the rest is pure logic.
const NEEDS_DATABASE = /\b(testEngines|startTestApp|openDatabase|openTestDatabase)\b|dist\/main\.js|src\/main\.ts/;

function tierOf(file: string): Exclude<Tier, 'all'> {
  return NEEDS_DATABASE.test(readFileSync(path.join(root, file), 'utf8')) ? 'db' : 'unit';
}

async function main(): Promise<number> {
  const [tierArgument = 'all', ...filters] = process.argv.slice(2);
  if (!['unit', 'db', 'all'].includes(tierArgument)) throw new Error(`Unknown test tier "${tierArgument}": use unit, db or all.`);
  const tier = tierArgument as Tier;
  const files = testFiles(path.join(root, 'test'))
    .sort()
    .filter((file) => tier === 'all' || tierOf(file) === tier)
    .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)));
  if (files.length === 0) throw new Error('No test file matches.');

  const env: NodeJS.ProcessEnv = { ...process.env };
  const serverUrl = process.env.TEST_DATABASE_URL;
  const runId = randomBytes(4).toString('hex');
  const usesDatabase = files.some((file) => tierOf(file) === 'db');
  if (usesDatabase) {
    const started = Date.now();
    await Promise.all([embeddedTemplateDump(), serverUrl ? ensurePostgresTemplate(serverUrl) : null]);
    process.stdout.write(`# database templates ready in ${Date.now() - started} ms (${serverUrl ? 'PGlite and PostgreSQL' : 'PGlite'})\n`);
    env.TEST_RUN_ID = runId;
  }

  const concurrency = Number(process.env.TEST_CONCURRENCY) || os.availableParallelism() + 1;
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  const code = await new Promise<number>((resolve) => child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))));
  if (usesDatabase && serverUrl) await dropClones(serverUrl, cloneDatabasePrefix(runId));
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
