import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** The ISO 3166-1 alpha-2 country of an E.164 phone number, when its number plan tells (`+44…` → `GB`). */
export function countryOfPhone(e164: string): string | undefined {
  return parsePhoneNumberFromString(e164)?.country ?? undefined;
}
