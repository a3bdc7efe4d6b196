import { rpcMethod } from '../../../define.js';
import { GeneralSettingsChangeSchema } from '../../../../../services/settings/general-settings.js';

export const updateGeneralSettings = rpcMethod({
  path: 'Platform/TenantSettings/UpdateGeneralSettings',
  summary: "Change the caller's tenant's general settings (a host caller: the defaults new tenants inherit)",
  description: [
    'Every field is optional: an absent field is left as it is.',
    '`defaultCountryCode`: ISO 3166-1 alpha-2, any case (stored upper case). `currency`: ISO 4217, any case (stored upper case).',
    '`timezone`: an IANA name, or `""`/null for the default. `timezoneForComparison` is informational and ignored.',
    '`zendeskAccountUrl`: an http(s) URL, or `""`/null for none (reads back `""`). `publicSiteUrl`: an http(s) URL, or null/`""` for none (reads back null).',
    '`publicPhone`: E.164 (`+14155552671`; spaces, dots, dashes and parentheses are dropped), or null/`""` for none (reads back null).',
    'A bad value gives a 400 naming every bad field; nothing is changed then.',
  ].join(' '),
  auth: 'caller',
  input: GeneralSettingsChangeSchema,
  output: null,
  async handle({ caller, input, services }) {
    await services.generalSettings.update(caller, input);
  },
});
