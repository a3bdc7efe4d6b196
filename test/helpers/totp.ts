import { createHmac } from 'node:crypto';

/**
 * RFC 6238 computed the way an authenticator app does, independently of the service's library: HMAC-SHA1 over
 * the 30-second step, dynamic truncation (RFC 4226), six digits. `offsetSteps` picks a neighbouring step.
 */
export function totpCode(secretBase32: string, offsetSteps = 0, nowMs = Date.now()): string {
  const step = Math.floor(nowMs / 30_000) + offsetSteps;
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Bytes(secretBase32)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

/** A six-digit code that is not the current, previous or next one (so it is wrong whatever the clock does). */
export function wrongTotpCode(secretBase32: string): string {
  const near = new Set([-1, 0, 1, 2].map((offset) => totpCode(secretBase32, offset)));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, '0');
    if (!near.has(candidate)) return candidate;
  }
}

function base32Bytes(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of text.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((b) => parseInt(b, 2)));
}
