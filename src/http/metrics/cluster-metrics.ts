import cluster, { type Worker } from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { AggregatorRegistry } from 'prom-client';

/** What a worker asks its primary for, and is answered with, when `/metrics` is scraped on the shared main port. */
const ASKED = 'tenantry:metrics-asked';
const ANSWERED = 'tenantry:metrics-answered';
/** prom-client gives the workers 5 s to answer the primary; the relay waits a little longer. */
const RELAY_TIMEOUT_MS = 7_000;

export interface Exposition {
  contentType: string;
  body: string;
}

interface Asked {
  type: typeof ASKED;
  id: string;
}

interface Answered {
  type: typeof ANSWERED;
  id: string;
  exposition?: Exposition;
  error?: string;
}

/**
 * The primary's side under `WORKERS` > 1: every worker's metrics summed (prom-client's `AggregatorRegistry`),
 * handed to a worker that was scraped on the main port, and to the metrics port the primary serves itself.
 */
export function clusterExposition(): () => Promise<Exposition> {
  const aggregator = new AggregatorRegistry();
  const exposition = async () => ({ contentType: aggregator.contentType, body: await aggregator.clusterMetrics() });
  cluster.on('message', (worker: Worker, message: Asked) => {
    if (message?.type !== ASKED) return;
    exposition().then(
      (answer) => worker.send({ type: ANSWERED, id: message.id, exposition: answer } satisfies Answered),
      (error: unknown) => worker.send({ type: ANSWERED, id: message.id, error: error instanceof Error ? error.message : String(error) } satisfies Answered),
    );
  });
  return exposition;
}

/** A worker's side: the whole cluster's metrics, asked of the primary (a scrape lands on any one worker). */
export function askPrimaryForMetrics(): Promise<Exposition> {
  const id = randomUUID();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => settle(new Error('The primary process did not answer with the metrics in time.')), RELAY_TIMEOUT_MS);
    const listener = (message: Answered) => {
      if (message?.type !== ANSWERED || message.id !== id) return;
      settle(message.exposition ? undefined : new Error(message.error ?? 'no metrics'), message.exposition);
    };
    const settle = (error: Error | undefined, exposition?: Exposition) => {
      clearTimeout(timer);
      process.off('message', listener);
      if (exposition) resolve(exposition);
      else reject(error);
    };
    process.on('message', listener);
    process.send!({ type: ASKED, id } satisfies Asked);
  });
}
