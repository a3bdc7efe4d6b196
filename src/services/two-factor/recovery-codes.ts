import { randomBytes } from 'node:crypto';
import { hashSecret } from '../security/secrets.js';

/** As many as ASP.NET Zero hands out. */
export const RECOVERY_CODE_COUNT = 10;
/** Crockford-like base32 without look-alikes (no I, L, O, U; no 0 or 1). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';

/**
 * Ten single-use recovery codes, `XXXX-XXXX-XXXX-XXXX` (16 characters of a 30-letter alphabet, about 78 bits each,
 * so a plain SHA-256 is enough to store them: there is nothing to brute-force).
 */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(16);
    const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]!).join('');
    return chars.match(/.{4}/g)!.join('-');
  });
}

/** Whether what was typed has the shape of a recovery code (TOTP codes are six digits). */
export function looksLikeRecoveryCode(code: string): boolean {
  return normalized(code).length === 16;
}

/** The stored form: upper case, without dashes or spaces, hashed. */
export function recoveryCodeHash(code: string): Buffer {
  return hashSecret(normalized(code));
}

function normalized(code: string): string {
  return code.replace(/[\s-]+/g, '').toUpperCase();
}
