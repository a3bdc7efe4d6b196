import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { AppError } from '../domain/errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a browser sent this request from a page of another site. Non-browser clients (curl, the AgileApps
 * and Upgrade.chat clients) send neither `Origin` nor `Sec-Fetch-Site` and are never refused. A browser says
 * where a request comes from: `Sec-Fetch-Site: cross-site`, or (without `Sec-Fetch-Site: same-origin`) an `Origin`
 * (or, for a navigation from an old browser, a `Referer`) that is neither this service's own origin nor one of
 * `CORS_ORIGINS`.
 */
export function isCrossSite(request: FastifyRequest, config: Config): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site') return true;
  // A browser's own word (no page can set this header) wins over `Origin`: under this service's
  // `Referrer-Policy: no-referrer` a browser sends `Origin: null` even with a form post from this very site.
  if (site === 'same-origin') return false;
  const origin = request.headers.origin ?? originOfReferer(request.headers.referer);
  if (origin === undefined) return false;
  return !allowedOrigins(request, config).has(origin);
}

/** Throws `forbidden` for a request a browser sent from another site (see `isCrossSite`). */
export function demandSameSite(request: FastifyRequest, config: Config, what: string): void {
  if (isCrossSite(request, config)) throw AppError.forbidden(`${what} cannot be requested from another site.`);
}

/**
 * CSRF defence for every state change authenticated by a cookie (the REST session `JSESSIONID`, later the
 * console's): an unsafe method from another site is refused before any handler runs. Bearer tokens and API keys
 * are never sent by a browser on its own, so requests carrying them need no such check.
 */
export const sameOriginStateChanges = fp(
  async (app: FastifyInstance, { config }: { config: Config }) => {
    app.addHook('onRequest', async (request) => {
      if (SAFE_METHODS.has(request.method) || request.caller?.credential !== 'rest_session') return;
      demandSameSite(request, config, 'A change through a session cookie');
    });
  },
  { name: 'same-origin-state-changes', dependencies: ['authenticate'] },
);

function allowedOrigins(request: FastifyRequest, config: Config): Set<string> {
  const own = new URL(config.publicUrl).origin;
  // The origin the request was addressed to (behind TRUST_PROXY, as the proxy says).
  const addressed = `${request.protocol}://${request.host}`;
  return new Set([own, addressed, ...config.corsOrigins]);
}

function originOfReferer(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}
