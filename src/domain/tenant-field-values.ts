import { TENANT_NAME_MAX_LENGTH } from './tenancy-name.js';
import type { TenantField } from './tenant-fields.js';
import { timeZoneByCode, timeZoneCodeOf } from './time-zones.js';
import { MAX_INT4 } from './paging.js';
import { countryCodeOf, emailProblem, textProblem, timeZoneProblem } from './validators.js';

/** A tenant field's value once read: text, a number, a flag, an instant, or nothing. */
export type TenantValue = string | number | boolean | Date | null;

export type ParsedValue = { value: TenantValue; problem?: undefined } | { problem: string; value?: undefined };


/** `1`/`true` and `0`/`false`, ignoring case (how AgileApps clients send flags). */
export function parseFlag(raw: string): boolean | undefined {
  const value = raw.trim().toLowerCase();
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  return undefined;
}

/**
 * A date in one of the forms the AgileApps dialect accepts: `yyyy-MM-dd`, `yyyy-MM-ddTHH:mm:ssZ` (milliseconds
 * allowed) or `MM/dd/yyyy`; always UTC. Undefined for anything else, including impossible days (`2023-02-30`).
 */
export function parseRestDate(raw: string): Date | undefined {
  const value = raw.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?Z)?$/.exec(value);
  const us = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  const parts = iso
    ? [iso[1], iso[2], iso[3], iso[4] ?? 0, iso[5] ?? 0, iso[6] ?? 0].map(Number)
    : us
      ? [us[3], us[1], us[2], 0, 0, 0].map(Number)
      : undefined;
  if (!parts) return undefined;
  const [year, month, day, hour, minute, second] = parts as [number, number, number, number, number, number];
  if (year < 1900 || year > 9999 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : undefined;
}

/** A DNS label: what a tenant's service-portal sub-domain must be. */
export function subDomainProblem(value: string): string | undefined {
  return /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(value)
    ? undefined
    : 'A sub-domain is 1 to 63 letters, digits and "-", and does not start or end with "-".';
}

const textLimits: Record<string, number> = {
  name: TENANT_NAME_MAX_LENGTH,
  company: TENANT_NAME_MAX_LENGTH,
  service_portal_sub_domain: 63,
  date_format: 32,
  payment_type: 64,
  first_name: 64,
  last_name: 64,
  zip: 32,
  workflow_owners: 1024,
  password: 128,
};

/**
 * Reads one non-empty raw value of a tenant field by the field's type and its own rule (e-mail, time zone,
 * sub-domain, discount...). The phone number is read by the caller, which knows the tenant's country.
 */
export function parseTenantFieldValue(field: TenantField, raw: string): ParsedValue {
  const text = field.name === 'password' ? raw : raw.trim();
  switch (field.name) {
    case 'email': {
      const problem = emailProblem(text);
      return problem ? { problem } : { value: text };
    }
    case 'time_zone':
      return parseTimeZone(text);
    case 'service_portal_sub_domain': {
      const problem = subDomainProblem(text);
      return problem ? { problem } : { value: text.toLowerCase() };
    }
    case 'country':
      return countryCodeOf(text)
        ? { value: text }
        : { problem: `"${text.slice(0, 40)}" is not a country: give its English name (United States) or its ISO 3166 code (US).` };
    case 'discount':
      return /^\d{1,3}(?:\.\d{1,2})?$/.test(text) && Number(text) <= 100
        ? { value: text }
        : { problem: 'A discount is a percentage from 0 to 100 with at most two decimals.' };
  }
  switch (field.type) {
    case 'boolean': {
      const flag = parseFlag(text);
      return flag === undefined ? { problem: 'Must be 1 or 0 (true or false).' } : { value: flag };
    }
    case 'integer':
      return /^\d{1,10}$/.test(text) && Number(text) <= MAX_INT4
        ? { value: Number(text) }
        : { problem: `Must be a whole number from 0 to ${MAX_INT4}.` };
    case 'lookup':
      return /^\d{1,10}$/.test(text) && Number(text) > 0 && Number(text) <= MAX_INT4
        ? { value: Number(text) }
        : { problem: `Must be the id of a record (a whole number from 1 to ${MAX_INT4}).` };
    case 'date': {
      const date = parseRestDate(text);
      return date ? { value: date } : { problem: 'Must be a date as yyyy-MM-dd, yyyy-MM-ddTHH:mm:ssZ or MM/dd/yyyy.' };
    }
    case 'decimal':
      return /^-?\d{1,10}(?:\.\d{1,4})?$/.test(text) ? { value: text } : { problem: 'Must be a decimal number.' };
    default: {
      const problem = textProblem(text, textLimits[field.name] ?? 256);
      return problem ? { problem } : { value: text };
    }
  }
}

/** An integer code of the product's table, or an IANA zone name; answers the IANA zone. */
function parseTimeZone(text: string): ParsedValue {
  if (/^\d{1,4}$/.test(text)) {
    const entry = timeZoneByCode(Number(text));
    return entry ? { value: entry.zone } : { problem: `${text} is not a time zone code (see GET /networking/rest/timeZones).` };
  }
  const known = timeZoneCodeOf(text);
  if (known) return { value: known.zone };
  const problem = timeZoneProblem(text);
  return problem ? { problem: `${problem} Give a time zone code or an IANA name.` } : { value: text };
}
