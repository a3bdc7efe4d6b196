import staticFiles from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Where `npm run build` puts the console (Vite's output); the same path from `src/` (tsx) and `dist/`. */
export const consoleDir = path.resolve(import.meta.dirname, '../../../console/dist');

/**
 * The console's client routes: each answers the single-page app's `index.html`. They are listed, not caught by a
 * wildcard, so no API path (`/api`, `/networking`, `/docs`, `/openapi.json`, `/health`, `/account`, `/invoice`) can
 * ever be shadowed and an unknown path stays an honest 404.
 */
export const CLIENT_ROUTES = ['/', '/signin', '/dashboard', '/tenants', '/tenants/:id', '/settings', '/api-keys', '/signup'];

/**
 * The console's own policy: scripts only from this origin. Mantine writes inline `style` attributes and a style
 * element for its colour scheme, hence `style-src 'unsafe-inline'` (styles cannot run code).
 */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Serves the built console: hashed assets under `/assets/`, `index.html` on every client route. */
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
    return reply
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CONSOLE_CSP)
      .header('referrer-policy', 'no-referrer')
      .header('x-content-type-options', 'nosniff')
      .type('text/html; charset=utf-8')
      .send(index);
  };
  for (const url of CLIENT_ROUTES) app.get(url, { schema: { hide: true } }, (_request, reply) => sendIndex(reply));
}
