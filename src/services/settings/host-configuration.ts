import { Type, type Static } from 'typebox';
import type { Config } from '../../config.js';
import type { Data } from '../../data/index.js';
import { demand, HOST_TENANT_ID, isHost, type Caller } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { type CredentialGate, subject } from '../security/credential-gate.js';
import { revocation } from '../security/revocation.js';

/** Platform switches the host operator changes at run time (stored in `host_settings`). */
export const TenantConfigurationSchema = Type.Object({
  enableTenantSubDomains: Type.Boolean({ description: 'Take `service_portal_sub_domain` into account when tenants are created or changed over REST' }),
  restStrictCompatibility: Type.Boolean({ description: 'REST JSON lists with one record answer an object instead of an array (AgileApps quirk)' }),
});
export type TenantConfiguration = Static<typeof TenantConfigurationSchema>;

// Read on every REST answer. A change drops every instance's copy at once (a security event); the time-out is
// the safety net for a notification that was lost.
const CACHE_MS = 5000;
const SUB_DOMAINS = 'tenant_sub_domains_enabled';
const STRICT = 'rest_strict_compatibility';

/** Reads and changes the host's tenant configuration; changing it needs a host caller with `Settings.Manage`. */
export class HostConfiguration {
  private cached: { value: TenantConfiguration; expires: number } | undefined;

  /** Counts changes, so a read that raced with a change does not cache what it read before it. */
  private changes = 0;

  constructor(
    private readonly data: Data,
    private readonly config: Config,
    private readonly gate: CredentialGate,
  ) {
    gate.onChange((name) => {
      if (name !== subject.hostConfiguration()) return;
      this.changes++;
      this.cached = undefined;
    });
  }

  /** The switches as they hold now, for use cases that depend on them (no permission needed to read). */
  async current(): Promise<TenantConfiguration> {
    await this.gate.settled();
    if (this.cached && this.cached.expires > Date.now()) return this.cached.value;
    const changesBefore = this.changes;
    const [subDomains, strict] = await Promise.all([this.data.hostSettings.get<boolean>(SUB_DOMAINS), this.data.hostSettings.get<boolean>(STRICT)]);
    const value = {
      enableTenantSubDomains: subDomains === true,
      restStrictCompatibility: typeof strict === 'boolean' ? strict : this.config.restStrictCompatibility,
    };
    if (this.changes === changesBefore) this.cached = { value, expires: Date.now() + CACHE_MS };
    return value;
  }

  async get(caller: Caller): Promise<TenantConfiguration> {
    this.demandHostSettings(caller);
    return this.current();
  }

  /** Changes the switches that are given; the others keep their value. */
  async update(caller: Caller, changes: Partial<TenantConfiguration>): Promise<TenantConfiguration> {
    this.demandHostSettings(caller);
    const before = await this.current();
    await this.data.transaction(async (tx) => {
      if (changes.enableTenantSubDomains !== undefined) await tx.hostSettings.set(SUB_DOMAINS, changes.enableTenantSubDomains);
      if (changes.restStrictCompatibility !== undefined) await tx.hostSettings.set(STRICT, changes.restStrictCompatibility);
      const changed = Object.keys(changes) as (keyof TenantConfiguration)[];
      await recordAudit(tx, caller, {
        tenantId: HOST_TENANT_ID,
        action: 'host.tenant_configuration.updated',
        target: 'settings:host-configuration',
        before: Object.fromEntries(changed.map((key) => [key, before[key]])),
        after: { ...changes },
        details: { ...changes },
      });
      await revocation.hostConfigurationChanged(tx);
    });
    await this.gate.sync();
    return this.current();
  }

  private demandHostSettings(caller: Caller): void {
    demand(caller, 'Settings.Manage');
    if (!isHost(caller)) throw AppError.forbidden('Only the host can change the tenant configuration.');
  }
}
