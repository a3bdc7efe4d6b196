import { Type, type Static } from 'typebox';
import type { Data } from '../../data/index.js';
import { demand, type Caller } from '../../domain/caller.js';
import { changeSummary, recordAudit } from '../audit/record-audit.js';
import type { CredentialGate } from '../security/credential-gate.js';
import { revocation } from '../security/revocation.js';
import { transactionFor } from '../tenant-transaction.js';

/**
 * A tenant's two-factor settings, after ABP's `TwoFactorLoginSettingsEditDto` (`isRememberBrowserEnabled`) plus
 * the one ABP lacks: `isRequiredForAdmins`. For a host caller they are the host's own (they apply to host users;
 * tenants do not inherit them).
 */
export const TwoFactorLoginSettingsSchema = Type.Object({
  isRequiredForAdmins: Type.Boolean({ description: 'Users holding `Users.Manage` must enrol before they can do anything else.' }),
  isRememberBrowserEnabled: Type.Boolean({ description: 'Sign-ins may ask for `twoFactorRememberClientToken` (`rememberClient`).' }),
});
export type TwoFactorLoginSettings = Static<typeof TwoFactorLoginSettingsSchema>;

const DEFAULTS: TwoFactorLoginSettings = { isRequiredForAdmins: false, isRememberBrowserEnabled: true };

export class TwoFactorSettings {
  constructor(
    private readonly data: Data,
    private readonly gate: CredentialGate,
  ) {}

  /** The settings in force for a tenant (the defaults until it saves its own). */
  async forTenant(tenantId: number): Promise<TwoFactorLoginSettings> {
    const row = await this.data.twoFactor.findSettings(tenantId);
    return row ? { isRequiredForAdmins: row.is_required_for_admins, isRememberBrowserEnabled: row.is_remember_browser_enabled } : DEFAULTS;
  }

  async get(caller: Caller): Promise<TwoFactorLoginSettings> {
    demand(caller, 'Settings.Manage');
    return this.forTenant(caller.tenantId);
  }

  /** Saves and audits; every instance drops its cached callers of the tenant, so the requirement holds at once. */
  async update(caller: Caller, input: TwoFactorLoginSettings): Promise<TwoFactorLoginSettings> {
    demand(caller, 'Settings.Manage');
    const before = await this.forTenant(caller.tenantId);
    await transactionFor(this.data, caller, async (tx) => {
      await tx.twoFactor.saveSettings(caller.tenantId, input);
      const change = changeSummary(before, { ...input });
      if (change.after) {
        await recordAudit(tx, caller, { tenantId: caller.tenantId, action: 'settings.two_factor_updated', target: `tenant:${caller.tenantId}`, ...change });
      }
      await revocation.tenantChanged(tx, caller.tenantId);
    });
    await this.gate.sync();
    return this.forTenant(caller.tenantId);
  }
}
