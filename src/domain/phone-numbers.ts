import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * A phone number as people type it (`650-555-1212`, `(650) 253-0000`, `+44 20 7946 0958`) in E.164, read in
 * the given country when it carries no country code. Undefined when it is not a valid number.
 */
export function toE164(value: string, countryCode?: string | null): string | undefined {
  if (value.length > 64) return undefined;
  const parsed = parsePhoneNumberFromString(value, (countryCode ?? undefined) as CountryCode | undefined);
  return parsed?.isValid() ? parsed.number : undefined;
}
