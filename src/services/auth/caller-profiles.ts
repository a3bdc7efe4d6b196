import { LRUCache } from 'lru-cache';
import type { Data } from '../../data/index.js';
import { TWO_FACTOR_ADMIN_PERMISSION } from '../../domain/credential-rules.js';
import { isPermission, type Permission } from '../../domain/permissions.js';
import type { CredentialGate } from '../security/credential-gate.js';

export interface CallerProfile {
  userName: string;
  permissions: ReadonlySet<Permission>;
  /** An administrator of a tenant that requires two-factor sign-in, not enrolled yet. */
  mustEnrolTwoFactor: boolean;
}

const TTL_MS = 60_000;
const MAX_ENTRIES = 50_000;

/**
 * Who a user is and what they may do, cached so that an authenticated request needs no database round trip.
 * Entries are dropped as soon as a security event names the user or its tenant; the TTL is a safety net.
 */
export class CallerProfiles {
  private readonly cache = new LRUCache<string, { profile: CallerProfile; expires: number }>({ max: MAX_ENTRIES });

  constructor(private readonly data: Data, gate: CredentialGate) {
    gate.onChange((name) => {
      const [kind, id] = name.split(':');
      if (kind === 'user') {
        for (const key of [...this.cache.keys()]) if (key.endsWith(`:${id}`)) this.cache.delete(key);
      } else if (kind === 'tenant') {
        for (const key of [...this.cache.keys()]) if (key.startsWith(`${id}:`)) this.cache.delete(key);
      }
    });
  }

  /** The profile of a live user, or undefined when the user is gone. */
  async get(tenantId: number, userId: number): Promise<CallerProfile | undefined> {
    const key = `${tenantId}:${userId}`;
    const hit = this.cache.get(key);
    if (hit && hit.expires > Date.now()) return hit.profile;
    const user = await this.data.users.findById(tenantId, userId);
    if (!user) return undefined;
    const permissions = (await this.data.users.listPermissions(tenantId, userId)).filter(isPermission);
    const mustEnrolTwoFactor = permissions.includes(TWO_FACTOR_ADMIN_PERMISSION) && (await this.mustEnrolTwoFactor(tenantId, userId));
    const profile = { userName: user.user_name, permissions: new Set(permissions), mustEnrolTwoFactor };
    this.cache.set(key, { profile, expires: Date.now() + TTL_MS });
    return profile;
  }

  /** Enrolling, disabling and the tenant's setting all announce a change, which drops the cached answer. */
  private async mustEnrolTwoFactor(tenantId: number, userId: number): Promise<boolean> {
    const settings = await this.data.twoFactor.findSettings(tenantId);
    return Boolean(settings?.is_required_for_admins) && !(await this.data.twoFactor.find(tenantId, userId))?.enabled_at;
  }

  forget(tenantId: number, userId: number): void {
    this.cache.delete(`${tenantId}:${userId}`);
  }
}
