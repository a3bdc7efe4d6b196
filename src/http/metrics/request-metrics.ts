import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ErrorCode } from '../../domain/errors.js';
import type { Dialect } from '../../services/metrics/prometheus-metrics.js';
import type { Services } from '../../services/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The product error code the request was answered with, when it failed (see `noteErrorCode`). */
    errorCode: ErrorCode | undefined;
  }
  interface FastifyContextConfig {
    /** Which surface a route belongs to, decided once when the route is registered. */
    dialect?: Dialect;
  }
}

/** The label of requests that matched no route: one series, whatever path was asked for. */
const UNMATCHED = '(unmatched)';

/** The surface a route (or an unmatched path) belongs to, by where it lives. */
export function dialectOf(url: string): Dialect {
  const path = url.toLowerCase();
  if (path.startsWith('/api/services/') || path.startsWith('/api/tokenauth/')) return 'rpc';
  if (path.startsWith('/networking/rest')) return 'rest';
  if (path.startsWith('/api/stripe/')) return 'stripe';
  if (path.startsWith('/invoices/') || path.startsWith('/account/auto-login')) return 'pages';
  if (path.startsWith('/health') || path === '/metrics' || path.startsWith('/docs') || path === '/openapi.json') return 'operations';
  if (path.startsWith('/api/')) return 'rpc';
  return 'console';
}

/** Remembers the code a failed request is answered with, for the metrics' errors by code (every dialect's renderer calls it). */
export function noteErrorCode(request: FastifyRequest, code: ErrorCode): void {
  request.errorCode = code;
}

/**
 * Counts every answered request by dialect, method and route *pattern* (`/networking/rest/tenant/:id`, never the
 * raw URL, so the series stay as many as the routes), its status and duration, and its error code. Registered
 * before the dialects so that each of their routes is classified once, at registration. Without METRICS_ENABLED
 * it adds no hook at all.
 */
export const requestMetrics = fp(
  async (app: FastifyInstance, { services }: { services: Services }) => {
    app.decorateRequest('errorCode', undefined);
    const metrics = services.metrics;
    if (!metrics) return;
    app.addHook('onRoute', (route) => {
      route.config = { ...route.config, dialect: dialectOf(route.url) };
    });
    app.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url;
      const dialect = route === undefined ? dialectOf(request.url) : (request.routeOptions.config.dialect ?? 'other');
      metrics.requestAnswered(
        { dialect, method: request.method, route: route ?? UNMATCHED, status: reply.statusCode },
        reply.elapsedTime / 1000,
        request.errorCode,
      );
      done();
    });
  },
  { name: 'request-metrics' },
);
