import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as authenticator apps expect it: SHA-1, six digits, 30-second steps. */
const PERIOD_SECONDS = 30;
const DIGITS = 6;
/** Codes of the step before and after are accepted too: phones' clocks drift and people type slowly. */
const WINDOW = 1;
const ISSUER = 'Tenantry';

/** A new random TOTP secret (160 bits, RFC 4226's recommendation), base32 as authenticator apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpOf(secretBase32: string, label = 'user'): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: DIGITS, period: PERIOD_SECONDS, secret: Secret.fromBase32(secretBase32) });
}

/** The `otpauth://totp/Tenantry:<account>?secret=…&issuer=Tenantry…` URI an authenticator app scans. */
export function totpUri(secretBase32: string, account: string): string {
  return totpOf(secretBase32, account).toString();
}

/** The time step of `nowMs` (seconds since the epoch over the period). */
export function timeStepAt(nowMs: number): number {
  return Math.floor(nowMs / 1000 / PERIOD_SECONDS);
}

/**
 * The time step a code belongs to when it is valid now (within the window), else undefined. The caller records
 * the step, so the same code — or an older one — is never accepted again.
 */
export function totpCodeStep(secretBase32: string, code: string, nowMs: number): number | undefined {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const delta = totpOf(secretBase32).validate({ token, timestamp: nowMs, window: WINDOW });
  return delta === null ? undefined : timeStepAt(nowMs) + delta;
}

