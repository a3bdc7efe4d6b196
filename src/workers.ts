import cluster from 'node:cluster';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { clusterExposition } from './http/metrics/cluster-metrics.js';
import { listenForMetrics } from './http/metrics/metrics-listener.js';

/**
 * The primary of `WORKERS` > 1: forks the server processes that share the port (node:cluster hands each new
 * connection to the next worker), one after the other so only the first runs the migrations and the host's first
 * set-up; replaces a worker that dies; on SIGTERM/SIGINT asks every worker to drain and exits when they have.
 * Each worker is a whole instance (caches, outbox, listeners), as several machines on one PostgreSQL are. With
 * METRICS_ENABLED the primary sums the workers' metrics: on the metrics port, which it serves itself, and for a
 * worker scraped on the main port.
 */
export async function runWorkers(config: Config, log: Logger): Promise<void> {
  const count = config.workers;
  const exposition = config.metrics.enabled ? clusterExposition() : undefined;
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
  const metricsListener =
    exposition && config.metrics.port !== undefined
      ? await listenForMetrics(config.metrics, config.metrics.port, exposition, (error) => log.error({ err: error }, 'gathering the metrics failed'))
      : undefined;
  if (metricsListener) log.info(`metrics of every worker on http://${config.metrics.host}:${metricsListener.port}/metrics`);
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    void metricsListener?.close();
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
