import os from 'node:os';
import type { Readable, Writable } from 'node:stream';
import type { Config } from '../config.js';
import type { Database } from '../data/database.js';

type Stream<T> = T & { isTTY?: boolean };

/** What a `tenantry` command reads and writes: the process's own, or a test's. */
export interface Terminal {
  env: Record<string, string | undefined>;
  stdout: Stream<Writable>;
  stderr: Stream<Writable>;
  stdin: Stream<Readable>;
  /** The operating-system account running the command, named in audit entries. */
  osUser: string | undefined;
  /** Opens the configured database; a test hands in one it holds open. */
  openDatabase?: (config: Config) => Promise<Database>;
}

export function processTerminal(): Terminal {
  let osUser: string | undefined;
  try {
    osUser = os.userInfo().username;
  } catch {
    osUser = process.env.USER;
  }
  return { env: process.env, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, osUser };
}
