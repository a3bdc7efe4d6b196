import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MetricsConfig } from '../../config.js';
import type { Exposition } from './cluster-metrics.js';
import { bearsMetricsToken } from './metrics-token.js';

export interface MetricsListener {
  port: number;
  close(): Promise<void>;
}

/**
 * The metrics port (METRICS_PORT on METRICS_HOST, the loopback interface unless told otherwise): `GET /metrics`
 * and nothing else, asking for METRICS_TOKEN when one is set. A plain `node:http` server, apart from the API: no
 * API route is reachable through it and none of its scrapes counts as an API request.
 */
export async function listenForMetrics(config: MetricsConfig, port: number, exposition: () => Promise<Exposition>, onError: (error: unknown) => void): Promise<MetricsListener> {
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const answer = (status: number, text: string, headers: Record<string, string> = {}) =>
      response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers }).end(text);
    if (path !== '/metrics') return answer(404, 'Not found: this port serves /metrics only.\n');
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'Method not allowed: use GET.\n', { allow: 'GET, HEAD' });
    if (config.token !== undefined && !bearsMetricsToken(request.headers.authorization, config.token)) {
      return answer(401, 'The metrics need the bearer token METRICS_TOKEN.\n', { 'www-authenticate': 'Bearer realm="metrics"' });
    }
    exposition().then(
      ({ contentType, body }) => response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(request.method === 'HEAD' ? undefined : body),
      (error: unknown) => {
        onError(error);
        answer(503, 'The metrics could not be gathered; try again.\n', { 'retry-after': '5' });
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
