import staticFiles from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Where `npm run build` puts the console (Vite's output). The console is an npm workspace package, found by
 * package resolution, so the path holds from `src/` (tsx), `dist/` and the test runner's compiled copy alike.
 */
export const consoleDir = path.join(path.dirname(createRequire(import.meta.url).resolve('@tenantry/console/package.json')), 'dist');

/**
 * The console's client routes: each answers the single-page app's `index.html`. They are listed, not caught by a
 * wildcard, so no API path (`/api`, `/networking`, `/docs`, `/openapi.json`, `/health`, `/account/auto-login`, `/invoice`) can
 * ever be shadowed and an unknown path stays an honest 404.
 */
export const CLIENT_ROUTES = ['/', '/signin', '/dashboard', '/tenants', '/tenants/:id', '/leads', '/catalogue', '/coupons', '/settings', '/api-keys', '/signup',
  '/users', '/roles', '/billing', '/profile', '/linked-accounts',
  '/account/forgot-password', '/account/reset-password', '/account/accept-invitation', '/account/confirm-email'];

/**
 * Serves the built console: hashed assets under `/assets/`, `index.html` on every client route. Its security
 * headers are everyone's (src/http/security-headers.ts: scripts from this origin only, inline styles for Mantine).
 */
export async function consoleFiles(app: FastifyInstance, { dir = consoleDir }: { dir?: string } = {}): Promise<void> {
  const built = existsSync(path.join(dir, 'index.html'));
  if (built) {
    // Vite names assets after their content hash, so they can be cached for good.
    await app.register(staticFiles, { root: path.join(dir, 'assets'), prefix: '/assets/', immutable: true, maxAge: '365d', index: false });
  }
  let index: string | undefined;
  const sendIndex = async (reply: FastifyReply) => {
    if (!built) {
      return reply.status(503).type('text/plain; charset=utf-8').send('The console is not built: run `npm run build` (npm start does it).\n');
    }
    index ??= await fs.readFile(path.join(dir, 'index.html'), 'utf8');
    // Revalidated on every visit, so a new build's asset names are picked up at once.
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(index);
  };
  for (const url of CLIENT_ROUTES) app.get(url, { schema: { hide: true } }, (_request, reply) => sendIndex(reply));
}
