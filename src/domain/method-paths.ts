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
