import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Config } from './config.js';
import { authenticate } from './http/authenticate.js';
import { httpStatus, toAppError } from './http/errors.js';
import { healthRoutes } from './http/health.js';
import { loggerOptions } from './http/logging.js';
import { openApi } from './http/openapi.js';
import { pagesPlugin } from './http/pages/plugin.js';
import { restPlugin } from './http/rest/plugin.js';
import { rpcPlugin } from './http/rpc/plugin.js';
import { refuseUnsafeText } from './http/unsafe-text.js';
import type { Services } from './services/index.js';

export interface AppOptions {
  config: Config;
  services: Services;
}

/** Builds the HTTP application over started services; `main.ts` listens, tests inject or listen themselves. */
export async function buildApp({ config, services }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config),
    routerOptions: {
      // Clients configured with a base URL ending in "/" send `//api/services/...`; ASP.NET routes ignore case.
      ignoreDuplicateSlashes: true,
      ignoreTrailingSlash: true,
      caseSensitive: false,
    },
    bodyLimit: 1024 * 1024,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // `coerceTypes: true`, never 'array': an array must not turn into the string a field expects
    // (`{"userNameOrEmailAddress": ["admin"]}` is a 400, not a sign-in).
    ajv: { customOptions: { allErrors: true, coerceTypes: true, removeAdditional: true, useDefaults: true } },
  });
  services.log.forwardTo(app.log);

  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.code === 'internal') request.log.error({ err: error }, 'request failed');
    return reply.status(httpStatus[appError.code]).send({ error: { code: appError.code, message: appError.message, fields: appError.fields } });
  });

  await app.register(cookie);
  await app.register(openApi);
  await app.register(refuseUnsafeText);
  await app.register(authenticate, { services });
  await app.register(healthRoutes, { services });
  await app.register(rpcPlugin, { services });
  await app.register(restPlugin, { services, prefix: '/networking/rest' });
  await app.register(pagesPlugin, { services });
  return app;
}
