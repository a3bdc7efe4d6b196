import cluster from 'node:cluster';
import type { Logger } from 'pino';

/**
 * The primary of `WORKERS` > 1: forks the server processes that share the port (node:cluster hands each new
 * connection to the next worker), one after the other so only the first runs the migrations and the host's first
 * set-up; replaces a worker that dies; on SIGTERM/SIGINT asks every worker to drain and exits when they have.
 * Each worker is a whole instance (caches, outbox, listeners), as several machines on one PostgreSQL are.
 */
export async function runWorkers(count: number, log: Logger): Promise<void> {
  let stopping = false;
  const fork = () =>
    new Promise<void>((resolve, reject) => {
      const worker = cluster.fork();
      worker.once('listening', () => resolve());
      worker.once('exit', (code, signal) => {
        if (stopping) return;
        log.error({ pid: worker.process.pid, code, signal }, 'a server worker exited; starting another');
        reject(new Error(`worker exited with ${code ?? signal} before it was listening`));
        // A pause, so a worker that cannot start does not become a tight fork loop.
        setTimeout(() => void fork().catch((error: unknown) => log.error({ err: error }, 'a replacement worker failed to start')), 1000);
      });
    });
  for (let i = 0; i < count; i++) await fork();
  log.info({ workers: count }, 'server workers listening');
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    let left = workers.length;
    if (left === 0) process.exit(0);
    for (const worker of workers) {
      worker?.once('exit', () => --left === 0 && process.exit(0));
      worker?.process.kill(signal);
    }
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
