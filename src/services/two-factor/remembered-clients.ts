import type { Data } from '../../data/index.js';
import type { UserRow } from '../../data/users.js';
import { formatTenantToken, hashSecret, newId, parseTenantToken, randomSecret, secretMatches } from '../security/secrets.js';
import type { TwoFactorSettings } from './two-factor-settings.js';

/** How long a remembered browser skips the second factor (ASP.NET Identity's remember-me cookie lives 14 days). */
export const REMEMBER_CLIENT_DAYS = 30;

/**
 * ABP's `twoFactorRememberClientToken`: a browser that passed the second factor may skip it for a while. The
 * token is random and stored hashed, bound to its user, and ends with its lifetime, with the user's two-factor
 * sign-in (disabling deletes it by cascade), with every revocation of the user (password change or reset,
 * deactivation) and while the tenant does not allow remembering browsers.
 */
export class RememberedClients {
  constructor(
    private readonly data: Data,
    private readonly settings: TwoFactorSettings,
  ) {}

  /** A new token for the user's browser, or null when the tenant does not allow remembering browsers. */
  async remember(user: UserRow): Promise<string | null> {
    if (!(await this.settings.forTenant(user.tenant_id)).isRememberBrowserEnabled) return null;
    const token = { tenantId: user.tenant_id, id: newId(), secret: randomSecret() };
    await this.data.twoFactor.rememberClient({
      tenantId: user.tenant_id,
      id: token.id,
      userId: user.id,
      tokenHash: hashSecret(token.secret),
      expiresAt: new Date(Date.now() + REMEMBER_CLIENT_DAYS * 86_400_000),
    });
    return formatTenantToken(token);
  }

  /** Whether the token is a live remembered browser of this very user. */
  async isRemembered(user: UserRow, presented: string): Promise<boolean> {
    const parsed = parseTenantToken(presented.trim());
    if (!parsed || parsed.tenantId !== user.tenant_id) return false;
    const row = await this.data.twoFactor.findRememberedClient(parsed.tenantId, parsed.id);
    if (!row || row.user_id !== user.id || !secretMatches(parsed.secret, row.token_hash) || row.expires_at.getTime() <= Date.now()) return false;
    return (await this.settings.forTenant(user.tenant_id)).isRememberBrowserEnabled;
  }
}
