/**
 * Preloaded (`node --expose-gc --import`) into a service process by the reliability tests only; the service
 * itself has no such entry. Over the IPC channel its parent opened, `memory?` is answered with the process's
 * memory after two full garbage collections: `heapUsed` is then the live heap, not live heap plus garbage.
 */
import process from 'node:process';

export interface MemoryFigures {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

const collect = (globalThis as { gc?: () => void }).gc;

if (process.send) {
  // The channel must not keep the service alive on its own (its SIGTERM shutdown ends the process anyway).
  process.channel?.unref();
  process.on('message', (message) => {
    if (message !== 'memory?') return;
    collect?.();
    collect?.();
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    process.send?.({ rss, heapUsed, heapTotal, external, arrayBuffers } satisfies MemoryFigures);
  });
}
