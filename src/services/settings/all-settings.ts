import { Type, type Static } from 'typebox';
import { demand, isHost, type Caller } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';
import { AccountSettingsChangeSchema, AccountSettingsSchema, storedChanges, type AccountSettings } from './account-settings.js';
import { GeneralSettingsChangeSchema, GeneralSettingsSchema, type GeneralSettings } from './general-settings.js';

/** ABP's `TenantSettingsEditDto` (and `HostSettingsEditDto`) as far as this service has them. */
export const AllSettingsSchema = Type.Object({ general: GeneralSettingsSchema, ...AccountSettingsSchema.properties });
export type AllSettingsView = Static<typeof AllSettingsSchema>;

/** `UpdateAllSettings`' input, of `TenantSettings` and `HostSettings` alike: a change of every section; absent sections stay as they are. */
export const AllSettingsChangeSchema = Type.Object({ general: Type.Optional(GeneralSettingsChangeSchema), ...AccountSettingsChangeSchema.properties });
export type AllSettingsChange = Static<typeof AllSettingsChangeSchema>;

/**
 * `GetAllSettings` / `UpdateAllSettings` of `TenantSettings` (the caller's tenant; a host caller's are the host
 * defaults) and of `HostSettings` (host callers only): the general section and the account sections together.
 */
export class AllSettings {
  constructor(
    private readonly general: GeneralSettings,
    private readonly account: AccountSettings,
  ) {}

  async get(caller: Caller, scope: 'tenant' | 'host'): Promise<AllSettingsView> {
    demandScope(caller, scope);
    return { general: await this.general.get(caller), ...(await this.account.get(caller)) };
  }

  /** Every section is checked before any is written, so a refused change leaves everything as it was. */
  async update(caller: Caller, scope: 'tenant' | 'host', change: AllSettingsChange): Promise<AllSettingsView> {
    demandScope(caller, scope);
    storedChanges(change);
    const general = change.general ? await this.general.update(caller, change.general) : await this.general.get(caller);
    return { general, ...(await this.account.update(caller, change)) };
  }
}

/** Settings.Manage first, so a caller without it is refused alike whatever the scope or the change. */
function demandScope(caller: Caller, scope: 'tenant' | 'host'): void {
  demand(caller, 'Settings.Manage');
  if (scope === 'host' && !isHost(caller)) throw AppError.forbidden('Host settings are for host operators.');
}
