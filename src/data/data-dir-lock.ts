import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The file an embedded data directory's owner leaves in it: its process id. */
const LOCK_FILE = 'tenantry.pid';

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`The embedded database in ${dataDir} is open in process ${pid} (a running server?); one process at a time may open it.`);
    this.name = 'DataDirInUseError';
  }
}

/**
 * Claims an embedded data directory for this process. PGlite keeps its database in one process's memory and
 * writes the files as it pleases: a second process opening the same files (a CLI beside a running server) would
 * corrupt them, so it is refused. A lock left by a process that died is taken over.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const file = path.join(dataDir, LOCK_FILE);
  const holder = lockHolder(file);
  if (holder !== undefined && holder !== process.pid && isAlive(holder)) throw new DataDirInUseError(dataDir, holder);
  const claim = () => writeFileSync(file, `${process.pid}\n`);
  claim();
  return {
    renew: claim,
    release() {
      if (lockHolder(file) === process.pid) rmSync(file, { force: true });
    },
  };
}

export interface DataDirLock {
  /** Writes the claim again: a data directory loaded from a dump carries the dumping process's claim. */
  renew(): void;
  release(): void;
}

function lockHolder(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
