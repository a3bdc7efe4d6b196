import { Type } from 'typebox';

/** `GetGeneralSettings`'s answer, which is also the documented body of `UpdateGeneralSettings`. */
export const GeneralSettingsSchema = Type.Object({
  defaultCountryCode: Type.Union([Type.String(), Type.Null()]),
  timezone: Type.String(),
  timezoneForComparison: Type.String(),
  zendeskAccountUrl: Type.String(),
  publicPhone: Type.Union([Type.String(), Type.Null()]),
  currency: Type.Union([Type.String(), Type.Null()]),
  publicSiteUrl: Type.Union([Type.String(), Type.Null()]),
});

/**
 * A string or null, kept as sent: a `["string", "null"]` type is not coerced (a union would turn `""` into
 * null or null into `""` under the server's type coercion).
 */
export const nullableString = (maxLength: number) => Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength });
