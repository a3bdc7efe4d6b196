import type { CheckedValue } from './ast.js';

/** More significant digits than a double holds exactly would make the evaluator and SQL disagree. */
export const MAX_NUMBER_DIGITS = 15;

/** A decimal number as written, normalised; undefined when it is not one or has too many digits. */
export function parseNumber(text: string): Extract<CheckedValue, { kind: 'number' }> | 'too_long' | undefined {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const whole = match[2]!.replace(/^0+(?=\d)/, '');
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  if (whole.replace(/^0+/, '').length + fraction.length > MAX_NUMBER_DIGITS) return 'too_long';
  const zero = whole === '0' && fraction === '';
  const normalised = `${match[1] && !zero ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
  return { kind: 'number', text: normalised, value: Number(normalised), integral: fraction === '' };
}

/** `1`/`0`/`true`/`false` (any case) as a boolean. */
export function parseBoolean(text: string): boolean | undefined {
  const value = text.trim().toLowerCase();
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  return undefined;
}

const DAY_MS = 86_400_000;

/**
 * `yyyy-MM-dd` and `MM/dd/yyyy` name a UTC day, `yyyy-MM-ddTHH:mm:ssZ` one second (the precision dates are
 * shown in): both become the range they name. Undefined when the text is none of these or no real date.
 */
export function parseDateRange(text: string): Extract<CheckedValue, { kind: 'date' }> | undefined {
  const value = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})Z)?$/.exec(value);
  const us = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  const parts = iso ? iso.slice(1) : us ? [us[3], us[1], us[2]] : undefined;
  if (!parts) return undefined;
  const withTime = iso?.[4] !== undefined;
  const [year, month, day, hour = 0, minute = 0, second = 0] = parts.map((part) => (part === undefined ? undefined : Number(part)));
  if (year === undefined || month === undefined || day === undefined) return undefined;
  if (year < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const from = new Date(0);
  from.setUTCFullYear(year, month - 1, day);
  from.setUTCHours(hour, minute, second, 0);
  if (from.getUTCFullYear() !== year || from.getUTCMonth() !== month - 1 || from.getUTCDate() !== day) return undefined;
  return { kind: 'date', from, to: new Date(from.getTime() + (withTime ? 1000 : DAY_MS)) };
}
