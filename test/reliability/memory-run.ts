import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../helpers/free-port.js';
import { killServerProcess, memoryOf, startServerProcess } from '../helpers/server-process.js';
import { SOAK_PASSWORD, soakRun } from './soak-run.js';

const MiB = 1024 * 1024;

export interface EmbeddedMemoryFigures {
  sharedBuffersMb: number;
  /** The first start (initdb and migrations): RSS once ready, its peak, and RSS after forced garbage collections. */
  firstStartRssMiB: number;
  firstStartPeakMiB: number;
  firstStartRssAfterGcMiB: number;
  /** A start on the existing data directory, after forced collections: RSS and live heap. */
  restartRssMiB: number;
  restartHeapMiB: number;
  /** After `loadSeconds` of the soak's mixed load, after forced collections. */
  afterLoadRssMiB: number;
  afterLoadHeapMiB: number;
  loadSeconds: number;
}

/** VmRSS and VmHWM of a process as the kernel counts them (what an operator's `ps` shows), MiB. */
function residentMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** The embedded engine's memory with `sharedBuffersMb`: first start, start on existing data, after load. */
export async function embeddedMemoryRun(sharedBuffersMb: number, loadSeconds: number): Promise<EmbeddedMemoryFigures> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tenantry-memory-'));
  const env = { EMBEDDED_SHARED_BUFFERS_MB: String(sharedBuffersMb) };
  try {
    const server = await startServerProcess(await freePort(), { ADMIN_PASSWORD: SOAK_PASSWORD, DATA_DIR: dataDir, ...env }, { memoryProbe: true });
    const first = residentMiB(server.pid!);
    const afterGc = await memoryOf(server);
    await killServerProcess(server);
    const soak = await soakRun({ engine: 'pglite', dataDir }, { seconds: loadSeconds, concurrency: 4, intervalSeconds: loadSeconds, memoryEverySeconds: loadSeconds, env });
    if (soak.unexpected.length > 0) throw new Error(`unexpected answers under load: ${soak.unexpected.slice(0, 3).join('; ')}`);
    const [start, end] = [soak.memory[0]!, soak.memory.at(-1)!];
    return {
      sharedBuffersMb,
      firstStartRssMiB: first.rss,
      firstStartPeakMiB: first.peak,
      firstStartRssAfterGcMiB: afterGc.rss / MiB,
      restartRssMiB: start.rssMiB,
      restartHeapMiB: start.heapMiB,
      afterLoadRssMiB: end.rssMiB,
      afterLoadHeapMiB: end.heapMiB,
      loadSeconds,
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
