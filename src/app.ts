import cookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { authenticate } from './http/authenticate.js';
import { consolePlugin } from './http/console/plugin.js';
import { errorHandler, httpStatus } from './http/errors.js';
import { healthRoutes } from './http/health.js';
import { metricsRoute } from './http/metrics/metrics-route.js';
import { requestMetrics } from './http/metrics/request-metrics.js';
import { LazySchemaCompilers } from './http/lazy-schema-compilers.js';
import { openApi } from './http/openapi.js';
import { pagesPlugin } from './http/pages/plugin.js';
import { stripeWebhookPlugin } from './http/stripe/plugin.js';
import { restPlugin } from './http/rest/plugin.js';
import { rpcPlugin } from './http/rpc/plugin.js';
import { rateLimits } from './http/rate-limit.js';
import { sameOriginStateChanges } from './http/same-origin.js';
import { securityHeaders } from './http/security-headers.js';
import { refuseUnsafeText } from './http/unsafe-text.js';
import type { Services } from './services/index.js';

export interface AppOptions {
  services: Services;
  /** The process logger (`createLogger`), shared with the services. */
  logger: FastifyBaseLogger;
  /** The routes' schema compilers; a test passes its own to compile them all (`compileAll`). */
  schemaCompilers?: LazySchemaCompilers;
}

/** Builds the HTTP application over started services; `main.ts` listens, tests inject or listen themselves. */
export async function buildApp({ services, logger, schemaCompilers = new LazySchemaCompilers() }: AppOptions): Promise<FastifyInstance> {
  const { trustProxy } = services.config;
  const app = Fastify({
    loggerInstance: logger,
    routerOptions: {
      // Clients configured with a base URL ending in "/" send `//api/services/...`; ASP.NET routes ignore case.
      ignoreDuplicateSlashes: true,
      ignoreTrailingSlash: true,
      caseSensitive: false,
    },
    bodyLimit: 1024 * 1024,
    // Behind a proxy that terminates TLS, `request.ip` and `request.protocol` (which decides a cookie's Secure flag)
    // come from its X-Forwarded-* headers, believed only from the proxies TRUST_PROXY names.
    // A number of hops is a function of the hop, as Fastify itself turns it (its types do not take the number).
    trustProxy: typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // `coerceTypes: true`, never 'array': an array must not turn into the string a field expects
    // (`{"userNameOrEmailAddress": ["admin"]}` is a 400, not a sign-in).
    // Each route's schemas are compiled on its first request, not all at start-up (src/http/lazy-schema-compilers.ts).
    schemaController: { compilersFactory: schemaCompilers.factory },
    ajv: { customOptions: { allErrors: true, coerceTypes: true, removeAdditional: true, useDefaults: true } },
  });
  app.setErrorHandler(
    errorHandler((_request, reply, error) =>
      reply.status(httpStatus[error.code]).send({ error: { code: error.code, message: error.message, fields: error.fields } }),
    ),
  );

  // First, so that every route registered after it is classified by dialect for the request metrics.
  await app.register(requestMetrics, { services });
  await app.register(securityHeaders, { config: services.config });
  await app.register(cookie);
  await app.register(openApi);
  await app.register(refuseUnsafeText);
  await app.register(authenticate, { services });
  await app.register(rateLimits, { services });
  await app.register(sameOriginStateChanges, { config: services.config });
  await app.register(healthRoutes, { services });
  await app.register(metricsRoute, { services });
  await app.register(rpcPlugin, { services });
  await app.register(restPlugin, { services, prefix: '/networking/rest' });
  await app.register(pagesPlugin, { services });
  await app.register(stripeWebhookPlugin, { services });
  await app.register(consolePlugin, { services });
  return app;
}
