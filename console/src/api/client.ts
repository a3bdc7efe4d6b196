import createClient, { type Middleware } from 'openapi-fetch';
import { toApiError } from './errors';
import type { paths } from './schema';
import { readSession, writeSession } from './session';

/** Paths that carry their own credential in the body: never retried with a refreshed token. */
const CREDENTIAL_PATHS = ['/api/TokenAuth/Authenticate', '/api/TokenAuth/RefreshToken', '/api/TokenAuth/ImpersonatedAuthenticate', '/api/TokenAuth/LinkedAccountAuthenticate', '/signup/'];

/** Told when the session is over (refresh refused), e.g. to drop cached data of the ended session. */
let onExpired: () => void = () => undefined;
export function setExpiredHandler(handler: () => void): void {
  onExpired = handler;
}

let refreshing: Promise<boolean> | null = null;

/** Exchanges the refresh token once, however many requests failed together; false when the session is over. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const session = readSession();
    if (!session) return false;
    try {
      const answer = await fetch('/api/TokenAuth/RefreshToken', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'abp-envelope': 'false' },
        body: JSON.stringify({ refreshToken: session.refreshToken }),
      });
      if (!answer.ok) return false;
      const tokens = (await answer.json()) as { accessToken: string; refreshToken: string };
      writeSession({ ...session, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
      return true;
    } catch {
      return false;
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

const pending = new Map<string, Request>();

/**
 * Bearer token on every call; on a 401, one refresh and one retry; if the refresh is refused, the session ends and
 * the app returns to sign-in. The request is cloned before it is sent, since a body can be read only once.
 */
const auth: Middleware = {
  onRequest({ request, id }) {
    request.headers.set('abp-envelope', 'false');
    const session = readSession();
    if (session && !CREDENTIAL_PATHS.some((p) => new URL(request.url).pathname.startsWith(p))) {
      request.headers.set('authorization', `Bearer ${session.accessToken}`);
      pending.set(id, request.clone());
    }
    return request;
  },
  async onResponse({ response, id }) {
    const original = pending.get(id);
    pending.delete(id);
    if (response.status !== 401 || !original) return response;
    if (await refreshSession()) {
      const retry = new Request(original);
      retry.headers.set('authorization', `Bearer ${readSession()!.accessToken}`);
      return fetch(retry);
    }
    // The page's guard sends the person to sign-in, remembering the page and saying why.
    writeSession(null, 'expired');
    onExpired();
    return response;
  },
};

/** The typed client: paths, parameters and answers come from the service's own OpenAPI document. */
export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

/** The answer's data, or an ApiError in plain words (thrown, for TanStack Query). */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(response.status, error ?? null);
  return data as T;
}
