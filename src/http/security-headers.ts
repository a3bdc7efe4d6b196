import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet from 'helmet';
import type { Config } from '../config.js';
import { RATE_LIMIT_HEADERS } from './rate-limit.js';

/**
 * The one Content-Security-Policy of every answer. It keeps `/docs` (swagger-ui: its scripts, styles and
 * data: images from here, the OpenAPI document fetched from here) and the server-rendered pages under
 * `src/http/pages` working, and nothing else: no inline script, no plugin, no framing, no form posting
 * elsewhere (the login link's confirm page posts to itself).
 */
export const contentSecurityPolicy = {
  defaultSrc: ["'self'"],
  baseUri: ["'none'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  // 'unsafe-inline' for styles only: the pages carry their styles in a <style> block, and a console built with
  // Mantine (Emotion) injects <style> elements at run time. A console that needs more widens it here, not per route.
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  // Helmet's default would send plain-HTTP deployments (and local development) to https for every asset.
  upgradeInsecureRequests: null,
};

/**
 * Security headers (Helmet) and CORS (`@fastify/cors`) on every answer. CORS is strict: only the origins in
 * `CORS_ORIGINS` may call from a browser (with credentials); by default none may.
 */
export const securityHeaders = fp(
  async (app: FastifyInstance, { config }: { config: Config }) => {
    // Helmet's middleware, made once. @fastify/helmet 13 made it anew for every request (parsing the policy each
    // time): 7 % of the server's CPU under W2's load, the API's hottest read.
    const setSecurityHeaders = helmet({
      contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy },
      // Pages may hold tokens in their URL (a login link): no referrer ever leaves them.
      referrerPolicy: { policy: 'no-referrer' },
    });
    app.addHook('onRequest', (request, reply, done) => setSecurityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)));
    const allowed = new Set(config.corsOrigins);
    await app.register(cors, {
      origin: allowed.size === 0 ? false : (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
      credentials: true,
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      exposedHeaders: [...RATE_LIMIT_HEADERS, 'retry-after'],
      maxAge: 600,
    });
  },
  { name: 'security-headers' },
);
