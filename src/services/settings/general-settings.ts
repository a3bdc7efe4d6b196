import { Type, type Static } from 'typebox';
import type { Data, Queries } from '../../data/index.js';
import type { SettingsChanges, SettingsRow } from '../../data/settings.js';
import { demand, HOST_TENANT_ID, isHost, type Caller } from '../../domain/caller.js';
import { AppError, type FieldProblem } from '../../domain/errors.js';
import { emitEvent } from '../events/emit.js';
import { changeSummary, recordAudit } from '../audit/record-audit.js';
import { countryCodeProblem, currencyProblem, phoneProblem, timeZoneProblem, urlProblem } from '../../domain/validators.js';
import { transactionFor } from '../tenant-transaction.js';
import { nullableString } from '../contract-fields.js';

/** The time zone that applies when neither the tenant nor the host defaults name one. */
export const FALLBACK_TIME_ZONE = 'UTC';

/** A tenant's general settings in the RPC dialect's shape (`GetGeneralSettings`, `UpdateGeneralSettings`). */
export const GeneralSettingsSchema = Type.Object({
  defaultCountryCode: Type.Union([Type.String(), Type.Null()]),
  timezone: Type.String({ description: '`""` means "use the default" (the host\'s zone for a tenant, else UTC).' }),
  timezoneForComparison: Type.String({ description: 'The zone in effect: the tenant\'s own, else the default. Informational; ignored on write.' }),
  zendeskAccountUrl: Type.String(),
  publicPhone: Type.Union([Type.String(), Type.Null()]),
  currency: Type.Union([Type.String(), Type.Null()]),
  publicSiteUrl: Type.Union([Type.String(), Type.Null()]),
});
export type GeneralSettingsView = Static<typeof GeneralSettingsSchema>;

const optionalText = (maxLength: number) => Type.Optional(nullableString(maxLength));

/** A change of general settings (`UpdateGeneralSettings`, the `general` section of `UpdateAllSettings`): an absent field is left as it is; null or `""` clears where clearing is allowed. */
export const GeneralSettingsChangeSchema = Type.Object({
  defaultCountryCode: optionalText(64),
  timezone: optionalText(64),
  timezoneForComparison: optionalText(64),
  zendeskAccountUrl: optionalText(2048),
  publicPhone: optionalText(64),
  currency: optionalText(64),
  publicSiteUrl: optionalText(2048),
});
export type GeneralSettingsChange = Static<typeof GeneralSettingsChangeSchema>;

/**
 * General settings of the caller's own tenant; a host caller's "own" settings are the host defaults
 * (tenant 0), which new tenants copy (country, time zone, currency) when they are created.
 */
export class GeneralSettings {
  constructor(private readonly data: Data) {}

  async get(caller: Caller): Promise<GeneralSettingsView> {
    demand(caller, 'Settings.Manage');
    const own = await this.data.settings.find(caller.tenantId);
    const defaults = isHost(caller) ? own : await this.data.settings.find(HOST_TENANT_ID);
    return view(own, defaults, isHost(caller));
  }

  /** Validates every field first (one 400 naming each bad one), then applies the change and audits it. */
  async update(caller: Caller, change: GeneralSettingsChange): Promise<GeneralSettingsView> {
    demand(caller, 'Settings.Manage');
    const changes = validated(change);
    return transactionFor(this.data, caller, async (tx) => {
      await ensureSettingsRow(tx, caller.tenantId);
      const previous = await tx.settings.find(caller.tenantId);
      const own = await tx.settings.update(caller.tenantId, changes);
      const defaults = isHost(caller) ? own : await tx.settings.find(HOST_TENANT_ID);
      if (Object.keys(changes).length > 0) {
        const changed = Object.keys(changes) as (keyof SettingsChanges)[];
        await recordAudit(tx, caller, {
          tenantId: caller.tenantId,
          action: 'settings.general.updated',
          target: isHost(caller) ? 'settings:host-defaults' : `settings:tenant:${caller.tenantId}`,
          ...changeSummary(pickSettings(previous, changed), pickSettings(own, changed)),
          details: { changes },
        });
        await emitEvent(tx, { tenantId: caller.tenantId, type: 'Settings.Updated', data: { tenantId: caller.tenantId, changed: Object.keys(changes), settings: view(own, defaults, isHost(caller)) } });
      }
      return view(own, defaults, isHost(caller));
    });
  }
}

function pickSettings(row: SettingsRow | undefined, keys: readonly (keyof SettingsChanges)[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, row?.[key] ?? null]));
}

/** A tenant created before its settings existed gets them (from the host defaults) on first write. */
export async function ensureSettingsRow(tx: Queries, tenantId: number): Promise<void> {
  if (!(await tx.settings.find(tenantId))) await tx.settings.createForTenant(tenantId, HOST_TENANT_ID, {});
}

function view(own: SettingsRow | undefined, defaults: SettingsRow | undefined, host: boolean): GeneralSettingsView {
  const defaultZone = (host ? null : defaults?.timezone) || FALLBACK_TIME_ZONE;
  return {
    defaultCountryCode: own?.default_country_code ?? defaults?.default_country_code ?? null,
    timezone: own?.timezone ?? '',
    timezoneForComparison: own?.timezone || defaultZone,
    zendeskAccountUrl: own?.zendesk_account_url ?? '',
    publicPhone: own?.public_phone ?? null,
    currency: own?.currency ?? defaults?.currency ?? null,
    publicSiteUrl: own?.public_site_url ?? null,
  };
}

/**
 * The stored form of a change, or a validation error naming every bad field. Codes are trimmed and
 * upper-cased (`us` is stored as `US`); a time zone keeps its IANA spelling (`europe/paris` → `Europe/Paris`);
 * a phone number may carry spaces, dots, dashes or parentheses, which are dropped (E.164 is stored).
 */
function validated(change: GeneralSettingsChange): SettingsChanges {
  const problems: FieldProblem[] = [];
  const changes: SettingsChanges = {};
  const check = (field: string, problem: string | undefined) => {
    if (problem) problems.push({ field, message: problem });
    return !problem;
  };

  if (change.defaultCountryCode !== undefined) {
    const code = (change.defaultCountryCode ?? '').trim().toUpperCase();
    if (check('defaultCountryCode', code ? countryCodeProblem(code) : 'A default country code (ISO 3166-1 alpha-2, e.g. "US") is required.')) {
      changes.default_country_code = code;
    }
  }
  if (change.currency !== undefined) {
    const code = (change.currency ?? '').trim().toUpperCase();
    if (check('currency', code ? currencyProblem(code) : 'A currency (ISO 4217, e.g. "USD") is required.')) changes.currency = code;
  }
  if (change.timezone !== undefined) {
    const zone = (change.timezone ?? '').trim();
    if (!zone) changes.timezone = null;
    else if (check('timezone', timeZoneProblem(zone))) changes.timezone = ianaSpelling(zone);
  }
  if (change.zendeskAccountUrl !== undefined) {
    const url = (change.zendeskAccountUrl ?? '').trim();
    if (!url) changes.zendesk_account_url = null;
    else if (check('zendeskAccountUrl', urlProblem(url))) changes.zendesk_account_url = url;
  }
  if (change.publicSiteUrl !== undefined) {
    const url = (change.publicSiteUrl ?? '').trim();
    if (!url) changes.public_site_url = null;
    else if (check('publicSiteUrl', urlProblem(url))) changes.public_site_url = url;
  }
  if (change.publicPhone !== undefined) {
    const raw = (change.publicPhone ?? '').trim();
    const phone = raw.startsWith('+') ? raw.replace(/[\s.()-]/g, '') : raw;
    if (!phone) changes.public_phone = null;
    else if (check('publicPhone', phoneProblem(phone))) changes.public_phone = phone;
  }
  if (problems.length > 0) throw AppError.validation(problems);
  return changes;
}

/** The runtime's spelling of a zone name given in another case; an alias stays the alias it was given as. */
function ianaSpelling(zone: string): string {
  const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  return resolved.toLowerCase() === zone.toLowerCase() ? resolved : zone;
}
