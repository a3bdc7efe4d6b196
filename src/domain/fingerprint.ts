import { createHash } from 'node:crypto';

/**
 * SHA-256 of a request as read (field order and spelling of the JSON do not matter, values do): what tells a
 * retry of an idempotent request apart from a reuse of its key with other parameters.
 */
export function fingerprintOf(request: unknown): Buffer {
  return createHash('sha256').update(canonicalJson(request)).digest();
}

/** True when a stored fingerprint (bytea) is the given one. */
export function sameFingerprint(stored: Uint8Array, fingerprint: Buffer): boolean {
  return Buffer.from(stored).equals(fingerprint);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
