import countries from 'i18n-iso-countries';
import english from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import { isValidPhoneNumber } from 'libphonenumber-js';

countries.registerLocale(english);

/**
 * The value rules both dialects share. Each answers a message saying what is wrong, or undefined when the
 * value is valid, so callers can collect every problem of a request and name the fields.
 */

// The WHATWG "valid e-mail address" production (what browsers accept in <input type=email>), with a dot in the domain.
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

export function emailProblem(value: string): string | undefined {
  if (value.length > 256 || !EMAIL.test(value)) return `"${truncate(value)}" is not a valid e-mail address.`;
  return undefined;
}

/** E.164: `+`, country code and number, digits only (an extension travels separately). */
export function phoneProblem(value: string): string | undefined {
  if (!/^\+[1-9]\d{6,14}$/.test(value) || !isValidPhoneNumber(value)) {
    return `"${truncate(value)}" is not a valid phone number in international format (e.g. +14155552671).`;
  }
  return undefined;
}

export function phoneExtensionProblem(value: string): string | undefined {
  return /^\d{1,10}$/.test(value) ? undefined : 'A phone extension is 1 to 10 digits.';
}

/** An absolute http(s) URL. */
export function urlProblem(value: string): string | undefined {
  try {
    const url = new URL(value);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname && value.length <= 2048) return undefined;
  } catch {
    // fall through
  }
  return `"${truncate(value)}" is not a valid http or https URL.`;
}

/** ISO 3166-1 alpha-2, upper case (`US`). */
export function countryCodeProblem(value: string): string | undefined {
  return /^[A-Z]{2}$/.test(value) && countries.isValid(value) ? undefined : `"${truncate(value)}" is not an ISO 3166-1 alpha-2 country code.`;
}

/** The ISO code of a country given by name (AgileApps sends "United States"), or of a code itself. */
export function countryCodeOf(nameOrCode: string): string | undefined {
  const trimmed = nameOrCode.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed) && countries.isValid(trimmed.toUpperCase())) return trimmed.toUpperCase();
  return codeOfCountryName.get(trimmed.toLowerCase());
}

// Every English name of each country (`getAlpha2Code` compares a name with all of them, lower-casing both, ~250
// countries per call: a bulk import paid that per row), lower-cased, to its code; the first country to use a name keeps it.
const codeOfCountryName = new Map<string, string>();
for (const [code, names] of Object.entries(countries.getNames('en', { select: 'all' }))) {
  for (const name of names) if (!codeOfCountryName.has(name.toLowerCase())) codeOfCountryName.set(name.toLowerCase(), code);
}

const currencies = new Set(Intl.supportedValuesOf('currency'));

/** ISO 4217, upper case (`JPY`). */
export function currencyProblem(value: string): string | undefined {
  return /^[A-Z]{3}$/.test(value) && currencies.has(value) ? undefined : `"${truncate(value)}" is not an ISO 4217 currency code.`;
}

/** An IANA time zone name the runtime knows (`Europe/Paris`, `UTC`). */
export function timeZoneProblem(value: string): string | undefined {
  if (value.length <= 64 && /^[A-Za-z0-9/_+-]+$/.test(value)) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: value });
      return undefined;
    } catch {
      // fall through
    }
  }
  return `"${truncate(value)}" is not an IANA time zone name.`;
}

/** A region (state or province) code: ISO 3166-2 subdivision part, 1 to 3 letters or digits (`CA`, `NSW`). */
export function regionCodeProblem(value: string): string | undefined {
  return /^[A-Za-z0-9]{1,3}$/.test(value) ? undefined : `"${truncate(value)}" is not a state or province code.`;
}

/** Free text a person typed: printable, no control characters, bounded. */
export function textProblem(value: string, maxLength: number): string | undefined {
  if (value.length > maxLength) return `Must be at most ${maxLength} characters long.`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) return 'Must not contain control characters.';
  return undefined;
}

function truncate(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
