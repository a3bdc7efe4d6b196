import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PostgresQueryCompiler, type KyselyPlugin } from 'kysely';
import type { Database } from '../../src/data/database.js';

/**
 * The statement log of the tenant-predicate check (docs/scale-out.md): the test runner names a folder in
 * `TEST_STATEMENT_LOG`, every app a test starts records the SQL text of each statement it runs (the service's own,
 * not the test's reads of what it stored), and each test process writes what it saw there when it ends. After the
 * run, `test/run.ts` checks every statement on a tenant-owned table for its tenant predicate.
 */
const folder = process.env.TEST_STATEMENT_LOG;
const seen = new Set<string>();
const compiler = new PostgresQueryCompiler();

if (folder) {
  process.once('exit', () => {
    if (seen.size === 0) return;
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, `${process.pid}-${randomBytes(4).toString('hex')}.json`), JSON.stringify([...seen]));
  });
}

const recorder: KyselyPlugin = {
  transformQuery(args) {
    seen.add(compiler.compileQuery(args.node, args.queryId).sql);
    return args.node;
  },
  async transformResult(args) {
    return args.result;
  },
};

/** The database as the service under test sees it: the same one, its statements recorded when the log is on. */
export function recorded(database: Database): Database {
  return folder ? { ...database, db: database.db.withPlugin(recorder) } : database;
}

/** Every statement the test processes of a run recorded in `dir`. */
export function readStatementLog(dir: string): string[] {
  const statements = new Set<string>();
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => file.endsWith('.json'));
  } catch {
    return [];
  }
  for (const file of files) for (const statement of JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as string[]) statements.add(statement);
  return [...statements];
}
