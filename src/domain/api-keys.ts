import { textProblem } from './validators.js';

/** The latest expiration the Upgrade.chat UI offers for an API key: the end of 32-bit Unix time. */
export const API_KEY_LATEST_EXPIRATION = new Date('2038-01-19T03:14:07Z');

export const API_KEY_NAME_MAX_LENGTH = 128;

/** At most this many entries in a key's `paths`. */
export const API_KEY_MAX_PATHS = 100;

export function apiKeyNameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'The name of an API key must not be empty.';
  return textProblem(name, API_KEY_NAME_MAX_LENGTH);
}

// ISO 8601 as ASP.NET clients send it: a date, or a date-time with up to 7 fractional digits and an optional zone.
const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,7}))?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Reads an ISO 8601 date-time; one without a zone is UTC (as ABP's UTC clock treats it). */
export function parseIsoDateTime(value: string): Date | undefined {
  const match = ISO_DATE_TIME.exec(value.trim());
  if (!match) return undefined;
  const [, date, time = '00:00:00', fraction = '', zone = 'Z'] = match;
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = fraction.padEnd(3, '0').slice(0, 3);
  const parsed = new Date(`${date}T${time.length === 5 ? `${time}:00` : time}.${ms}${offset}`);
  if (Number.isNaN(parsed.getTime())) return undefined;
  // Rejects impossible dates (2024-02-31) that Date would roll over into the next month.
  const day = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== date) return undefined;
  return parsed;
}

/** An API key's expiration: a valid date-time in the future, no later than 2038-01-19T03:14:07Z. */
export function readExpirationDate(value: string, now = Date.now()): { date: Date } | { problem: string } {
  const date = parseIsoDateTime(value);
  if (!date) return { problem: `"${value.slice(0, 40)}" is not an ISO 8601 date-time (for example 2030-06-21T08:58:52Z).` };
  if (date.getTime() <= now) return { problem: 'The expiration date must be in the future.' };
  if (date.getTime() > API_KEY_LATEST_EXPIRATION.getTime()) return { problem: 'The expiration date must be no later than 2038-01-19T03:14:07Z.' };
  return { date };
}
