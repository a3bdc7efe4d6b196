import { AppError } from './errors.js';
import type { Permission } from './permissions.js';
import type { RequestOrigin } from './request-origin.js';

/** Tenant id of the host (platform operators) in every tenant-keyed table. */
export const HOST_TENANT_ID = 0;

/**
 * What the caller presented: an access token, an API key, or a REST session cookie; or `cli`, the operator at
 * the machine running `tenantry` with the service's own configuration (the database is the credential).
 */
export type CredentialKind = 'access_token' | 'api_key' | 'rest_session' | 'cli';

/**
 * How the credential was first obtained, which bounds what it may do (see `credential-rules.ts`):
 * - `password`: the user signed in with their own password;
 * - `delegated`: someone else obtained it for the user (a login link, an account switch, a registration);
 * - `api_key`: an API key, or a session opened through a login link that an API key obtained;
 * - `impersonated`: someone else (the impersonator, see `Caller.impersonator`) signed in as the user with
 *   `Platform/Account/Impersonate`.
 */
export type CredentialOrigin = 'password' | 'delegated' | 'api_key' | 'impersonated';

/** Who is signed in as someone else in an impersonated session, and the session of their own it hangs off. */
export interface Impersonator {
  tenantId: number;
  userId: number;
  userName: string;
  /** The impersonator's own session: the impersonated one ends with it, and `BackToImpersonator` returns to it. */
  sessionId: string;
}

/** The API key a caller is bounded by: its own key, or the key its session was obtained through. */
export interface ApiKeyBound {
  tenantId: number;
  id: number;
  /** The method paths the key is restricted to; empty: any method. */
  paths: readonly string[];
  /** The key's rate limits (its own, else its tenant's); null or absent: the service's defaults. */
  limits?: ApiKeyLimits;
}

export interface ApiKeyLimits {
  perMinute: number | null;
  perDay: number | null;
}

/** The authenticated caller, handed explicitly to every service method. */
export interface Caller {
  userId: number;
  /** HOST_TENANT_ID for host users. */
  tenantId: number;
  userName: string;
  permissions: ReadonlySet<Permission>;
  credential: CredentialKind;
  origin: CredentialOrigin;
  /** The session (login) behind an access token or REST session; absent for API keys. */
  sessionId?: string;
  /** Present when an API key bounds the caller (origin `api_key`). */
  apiKey?: ApiKeyBound;
  /** Where this request came from (client IP, user agent), for sessions and the audit log. */
  from: RequestOrigin;
  /** Present in an impersonated session (origin `impersonated`): who is acting as this user. */
  impersonator?: Impersonator;
  /** The caller's tenant requires administrators to sign in with two factors and this one has not enrolled yet. */
  mustEnrolTwoFactor?: true;
}

export function isHost(caller: Caller): boolean {
  return caller.tenantId === HOST_TENANT_ID;
}

export function can(caller: Caller, permission: Permission): boolean {
  return caller.permissions.has(permission);
}

/** Throws `forbidden` unless the caller holds the permission. */
export function demand(caller: Caller, permission: Permission): void {
  if (!caller.permissions.has(permission)) {
    throw new AppError('forbidden', `This requires the permission "${permission}".`);
  }
}
