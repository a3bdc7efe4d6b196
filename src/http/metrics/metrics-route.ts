import cluster from 'node:cluster';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../domain/errors.js';
import type { Services } from '../../services/index.js';
import { askPrimaryForMetrics } from './cluster-metrics.js';
import { bearsMetricsToken } from './metrics-token.js';

/**
 * `GET /metrics` on the main port, for a bearer of METRICS_TOKEN (401 otherwise). Exists only with
 * METRICS_ENABLED and a token; without them the path is an unknown route like any other (404). Under
 * `WORKERS` > 1 the worker that was scraped answers the whole cluster's metrics, which its primary sums.
 */
export async function metricsRoute(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const metrics = services.metrics;
  const token = services.config.metrics.token;
  if (!metrics || !token) return;
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (!bearsMetricsToken(request.headers.authorization, token)) {
      void reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw AppError.unauthenticated('The metrics need the bearer token METRICS_TOKEN.');
    }
    const { contentType, body } = cluster.isWorker ? await askPrimaryForMetrics() : await metrics.exposition();
    return reply.header('cache-control', 'no-store').type(contentType).send(body);
  });
}
