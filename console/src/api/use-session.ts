import { useSyncExternalStore } from 'react';
import { onSessionChange, readSession, type Session } from './session';

/** The signed-in session, re-rendering when it changes (sign-in, refresh, sign-out, expiry). */
export function useSession(): Session | null {
  return useSyncExternalStore(onSessionChange, readSession);
}

export function isHost(session: Session | null): boolean {
  return !!session && session.tenantId === null;
}
