import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';

/**
 * PGlite starts PostgreSQL with `fsync` off (`-F`), and Emscripten's Node file system has no fsync at all: a
 * committed transaction reaches the operating system's page cache but never the disk, so it survives the death of
 * the process but not a power loss or a kernel crash (which may then also leave the data directory inconsistent).
 * Durable mode turns fsync on, has PostgreSQL sync its WAL with fsync(2) (Emscripten's fdatasync is a no-op), and
 * gives the Node file system a real fsync — what a PostgreSQL server does, for a few milliseconds per commit.
 */
export const durableStartParams: string[] = [...PGlite.defaultStartParams.filter((p) => p !== '-F'), '-c', 'wal_sync_method=fsync'];

/** How many times each durable instance synced a file to disk (for tests and diagnostics). */
const syncCounts = new WeakMap<PGlite, { count: number }>();

interface EmscriptenNodeFs {
  NODEFS: { stream_ops: { fsync?: (stream: { nfd?: number }) => number } };
}

/** Makes the instance's file syncs reach the disk. Call right after `PGlite.create` on a directory on disk. */
export function syncFilesToDisk(pglite: PGlite): void {
  // `mod` is PGlite's Emscripten module; its Node file system's stream operations are shared by every open file.
  const module = (pglite as unknown as { mod: EmscriptenNodeFs }).mod;
  const counter = { count: 0 };
  syncCounts.set(pglite, counter);
  module.NODEFS.stream_ops.fsync = (stream) => {
    // A failed fsync is not retried or hidden: it surfaces as an I/O error and PostgreSQL stops (fail-stop).
    if (stream.nfd !== undefined) fs.fsyncSync(stream.nfd);
    counter.count++;
    return 0;
  };
}

export function fileSyncCount(pglite: PGlite): number {
  return syncCounts.get(pglite)?.count ?? 0;
}
