import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { MAX_INT4 } from '../../domain/paging.js';

/** A URL-safe random secret of `bytes` bytes of entropy. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function newId(): string {
  return randomUUID();
}

/** Secrets that are themselves high-entropy random values are stored as SHA-256; passwords use argon2. */
export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

export function secretMatches(secret: string, hash: Buffer): boolean {
  const candidate = hashSecret(secret);
  return candidate.length === hash.length && timingSafeEqual(candidate, hash);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * Opaque tokens that must be found without knowing their tenant carry it as a hint:
 * `<tenantId>.<id>.<secret>`. Only the secret's hash is stored, under (tenant, id).
 */
export interface TenantToken {
  tenantId: number;
  id: string;
  secret: string;
}

export function formatTenantToken(token: TenantToken): string {
  return `${token.tenantId}.${token.id}.${token.secret}`;
}

export function parseTenantToken(value: string): TenantToken | undefined {
  const match = /^(\d{1,10})\.([0-9a-f-]{36})\.([A-Za-z0-9_-]{16,128})$/i.exec(value);
  // The tenant hint is read by an int4 column: a larger number is simply not a token of ours.
  if (!match || !isUuid(match[2]!) || Number(match[1]) > MAX_INT4) return undefined;
  return { tenantId: Number(match[1]), id: match[2]!.toLowerCase(), secret: match[3]! };
}
