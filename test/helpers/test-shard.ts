import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe } from 'node:test';
import { beginTestFile } from './engines.js';

/**
 * One of the test runner's long-lived test processes (a shard): it takes the next test file nobody has taken from
 * the run's queue, runs it, and takes another, until the queue is empty. Every process pays about three seconds
 * of CPU to load the service and warm its code before its first app answers; a shard pays them once instead of
 * once per file, and the files still start longest first and end together, whichever shard runs them.
 *
 * Each file runs inside a suite named after it, so its top-level hooks belong to it and end with it; it gets its
 * own database (`beginTestFile`), and the environment it set is put back when it ends.
 */
export interface QueuedFile {
  /** The test file (relative to the repository), and its engine when the item is one engine's half of the file. */
  key: string;
  /** The compiled test file. */
  entry: string;
  /** `TEST_ENGINE` for the file: its loop over both engines narrowed to one. */
  engine?: 'pglite' | 'postgres';
}

export interface Queue {
  files: QueuedFile[];
  /** Where the shards record which files are taken: a file is taken by creating its entry, which only one can do. */
  claims: string;
}

function take(claims: string, index: number): boolean {
  try {
    mkdirSync(path.join(claims, String(index)));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Runs one file as a suite of its own; settles when the file's last hook has run. */
function runFile(file: QueuedFile): Promise<void> {
  return new Promise((resolve) => {
    const environment = { ...process.env };
    beginTestFile();
    if (file.engine) process.env.TEST_ENGINE = file.engine;
    describe(file.key, async () => {
      try {
        // Both halves of a file split by engine are imported: each import of a URL of its own is a module of its own.
        await import(`${pathToFileURL(file.entry).href}${file.engine ? `?engine=${file.engine}` : ''}`);
      } finally {
        // Registered last, so it runs after the file's own top-level `after` hooks.
        after(() => {
          for (const name of Object.keys(process.env)) if (!(name in environment)) delete process.env[name];
          Object.assign(process.env, environment);
          setImmediate(resolve);
        });
      }
    });
  });
}

/** Runs the files of the queue at `queueFile` that no other shard has taken, one after the other. */
export async function runShard(queueFile: string): Promise<void> {
  const queue = JSON.parse(readFileSync(queueFile, 'utf8')) as Queue;
  for (const [index, file] of queue.files.entries()) {
    if (take(queue.claims, index)) await runFile(file);
  }
}
