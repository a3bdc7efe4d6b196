import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../src/cli/program.js';
import type { Terminal } from '../../src/cli/terminal.js';
import type { Database } from '../../src/data/database.js';
import type { TestApp } from './test-app.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Standard output parsed as JSON (for `--json` runs). */
  json: any;
}

/**
 * Runs a `tenantry` command line in-process over the test app's own database (held open by the test, so the
 * command's close leaves it open) with the app's configuration; `stdin` is what the command may read.
 */
export async function cli(t: Pick<TestApp, 'database' | 'config'>, args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out = new PassThrough().on('data', (chunk) => (stdout += chunk));
  const err = new PassThrough().on('data', (chunk) => (stderr += chunk));
  const terminal: Terminal = {
    env: { ...environmentOf(t), ...options.env },
    stdout: out,
    stderr: err,
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    osUser: 'test-operator',
    openDatabase: async () => borrowed(t.database),
  };
  const code = await runCli(args, terminal);
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    json = undefined;
  }
  return { code, stdout, stderr, json };
}

/** The database as the CLI sees it: closing it is the test's business. */
function borrowed(database: Database): Database {
  return { ...database, close: async () => {} };
}

/** The environment the CLI reads its configuration from, matching the test app's (rate limits aside). */
function environmentOf(t: Pick<TestApp, 'config'>): Record<string, string> {
  const env: Record<string, string> = { LOG_LEVEL: 'silent', DATA_DIR: t.config.dataDir, TOKEN_SECRET: 'test-secret-test-secret-test-secret-0123456789' };
  if (t.config.databaseUrl) env.DATABASE_URL = t.config.databaseUrl;
  if (t.config.adminPassword) env.ADMIN_PASSWORD = t.config.adminPassword;
  env.ADMIN_EMAIL = t.config.adminEmail;
  return env;
}
