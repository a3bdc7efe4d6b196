/**
 * The signed-in session, kept in this tab's sessionStorage (never a cookie: the console sends bearer tokens, so a
 * cross-site page cannot make the browser act with them, and closing the tab forgets them).
 */
export interface Session {
  accessToken: string;
  refreshToken: string;
  userId: number;
  tenantId: number | null;
  tenancyName: string | null;
  userName: string;
  permissions: string[];
  /** In an impersonated session: who is signed in as this user (ASP.NET Zero's `impersonatorUser`). */
  impersonatorUserName?: string | null;
}

const KEY = 'tenantry.session';
const listeners = new Set<() => void>();

let cached: { raw: string | null; session: Session | null } = { raw: null, session: null };

/** The current session; the same object until it changes (React's useSyncExternalStore needs that). */
export function readSession(): Session | null {
  const raw = sessionStorage.getItem(KEY);
  if (raw !== cached.raw) {
    let session: Session | null;
    try {
      session = raw ? (JSON.parse(raw) as Session) : null;
    } catch {
      session = null;
    }
    cached = { raw, session };
  }
  return cached.session;
}

let expired = false;

/** Whether the last session ended because the server refused it (rather than by signing out). */
export function sessionExpired(): boolean {
  return expired;
}

export function writeSession(session: Session | null, ending: 'signed-out' | 'expired' = 'signed-out'): void {
  expired = !session && ending === 'expired';
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
  for (const listener of listeners) listener();
}

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
