import { AppError } from './errors.js';
import type { Permission } from './permissions.js';

/** Tenant id of the host (platform operators) in every tenant-keyed table. */
export const HOST_TENANT_ID = 0;

/** How the caller proved who it is; some actions are refused to weaker credentials (API keys). */
export type CredentialKind = 'access_token' | 'api_key' | 'rest_session';

/** The authenticated caller, handed explicitly to every service method. */
export interface Caller {
  userId: number;
  /** HOST_TENANT_ID for host users. */
  tenantId: number;
  userName: string;
  permissions: ReadonlySet<Permission>;
  credential: CredentialKind;
  /** The session (login) behind an access token or REST session; absent for API keys. */
  sessionId?: string;
  /** For API keys: the key's id and the methods it is restricted to (empty = any). */
  apiKeyId?: number;
  apiKeyPaths?: readonly string[];
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
