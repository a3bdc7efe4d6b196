/**
 * What the reliability tests load into a service process they start (`node --expose-gc --import <this probe>`);
 * the service itself has no such entry. Over the IPC channel its parent opened, `memory?` is answered with the
 * process's memory after two full garbage collections: `heapUsed` is then the live heap, not live heap plus
 * garbage. Nothing is reachable from the network.
 */
export interface MemoryFigures {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

/** Runs inside the service process, as the source of a `data:` module: it may use globals only. */
function probe(): void {
  if (!process.send) return;
  const collect = (globalThis as { gc?: () => void }).gc;
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

/** The probe as a module Node can `--import` whether the service runs from source, compiled tests or dist/. */
export const MEMORY_PROBE_MODULE = `data:text/javascript,${encodeURIComponent(`(${probe.toString()})();`)}`;
