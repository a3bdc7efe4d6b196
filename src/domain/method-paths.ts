/**
 * API method paths as API keys name them: `Module/Service/Method`, with or without `/api/services/` and a
 * leading slash, ignoring case; REST paths (`/networking/rest/tenant`) name that resource and everything under it.
 */
export function normaliseMethodPath(path: string): string {
  let p = path.trim().toLowerCase().replace(/\/{2,}/g, '/').replace(/\?.*$/, '');
  if (!p.startsWith('/')) p = `/${p}`;
  p = p.replace(/\/+$/, '');
  if (p.startsWith('/api/services/')) p = p.slice('/api/services'.length);
  return p;
}

/** Parses the comma-separated `paths` of an API key into normalised paths (empty: unrestricted). */
export function parseMethodPaths(paths: string | null | undefined): string[] {
  if (!paths) return [];
  return [...new Set(paths.split(/[,\n;]/).map((p) => p.trim()).filter(Boolean).map(normaliseMethodPath))];
}

/** Whether a request to `requestPath` is one of `allowed` (already normalised). Empty `allowed` allows all. */
export function methodPathAllowed(allowed: readonly string[], requestPath: string): boolean {
  if (allowed.length === 0) return true;
  const path = normaliseMethodPath(requestPath);
  return allowed.some((a) => path === a || (a.startsWith('/networking/rest/') && path.startsWith(`${a}/`)));
}

// After normalising: `/module/service/method` (also `/api/tokenauth/authenticate`), or a REST resource path.
const RPC_METHOD_PATH = /^\/[a-z][a-z0-9_-]*\/[a-z][a-z0-9_-]*\/[a-z][a-z0-9_-]*$/;
const REST_RESOURCE_PATH = /^\/networking\/rest\/[a-z][a-z0-9_-]*(\/[a-z0-9_.-]+)*$/;
const PATH_CHARACTERS = /^[A-Za-z0-9_./-]+$/;

/** Whether one entry of a `paths` value names an API method or REST resource (its shape, not its existence). */
export function isMethodPath(entry: string): boolean {
  const trimmed = entry.trim();
  if (trimmed.length > 256 || !PATH_CHARACTERS.test(trimmed)) return false;
  const path = normaliseMethodPath(trimmed);
  return RPC_METHOD_PATH.test(path) || REST_RESOURCE_PATH.test(path);
}

/** The entries of a comma-separated `paths` value that are not method paths (empty when all are). */
export function invalidMethodPaths(paths: string): string[] {
  return paths
    .split(/[,\n;]/)
    .map((p) => p.trim())
    .filter((p) => p && !isMethodPath(p));
}
