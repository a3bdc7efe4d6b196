import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { MAX_INT4 } from '../../domain/paging.js';

/**
 * API keys look like GitHub's and Unkey's tokens: `tnt_<tenantId>_<keyId>_<secret><checksum>`.
 * - `tnt_` makes a leaked key recognisable to people and secret scanners
 *   (`tnt_(0|[1-9][0-9]{0,9})_[1-9][0-9]{0,15}_[0-9A-Za-z]{49}`).
 * - The tenant and key id say where the key lives, so no global look-up table is needed.
 * - The secret is 32 random bytes in base62 (43 characters): only underscores and letters, so a double
 *   click selects the whole key.
 * - The checksum (CRC32 of everything before it, 6 base62 characters) rejects a mistyped or truncated key
 *   without a database look-up, and lets scanners tell a real key from look-alike text.
 */
export const API_KEY_PREFIX = 'tnt_';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SECRET_LENGTH = 43;
const CHECKSUM_LENGTH = 6;
const SHAPE = /^tnt_(0|[1-9]\d{0,9})_([1-9]\d{0,15})_([0-9A-Za-z]{43})([0-9A-Za-z]{6})$/;

export interface ApiKeyParts {
  tenantId: number;
  id: number;
  secret: string;
}

/** A new random secret for a key: 256 bits as 43 base62 characters. */
export function newApiKeySecret(): string {
  return toBase62(BigInt(`0x${randomBytes(32).toString('hex')}`), SECRET_LENGTH);
}

export function formatApiKey(parts: ApiKeyParts): string {
  const body = `${API_KEY_PREFIX}${parts.tenantId}_${parts.id}_${parts.secret}`;
  return `${body}${checksum(body)}`;
}

/** The start of a key that lists may show: prefix, tenant, id and the secret's first four characters. */
export function apiKeyDisplayPrefix(parts: ApiKeyParts): string {
  return `${API_KEY_PREFIX}${parts.tenantId}_${parts.id}_${parts.secret.slice(0, 4)}`;
}

/** The parts of a well-formed key whose checksum matches; undefined for anything else. Pure CPU. */
export function parseApiKey(value: string): ApiKeyParts | undefined {
  const match = SHAPE.exec(value);
  if (!match) return undefined;
  const [, tenant, id, secret, sum] = match;
  if (checksum(value.slice(0, -CHECKSUM_LENGTH)) !== sum) return undefined;
  const tenantId = Number(tenant);
  const keyId = Number(id);
  if (tenantId > MAX_INT4 || !Number.isSafeInteger(keyId)) return undefined;
  return { tenantId, id: keyId, secret: secret! };
}

function checksum(body: string): string {
  return toBase62(BigInt(crc32(body)), CHECKSUM_LENGTH);
}

function toBase62(value: bigint, length: number): string {
  let out = '';
  let rest = value;
  while (rest > 0n) {
    out = BASE62[Number(rest % 62n)]! + out;
    rest /= 62n;
  }
  return out.padStart(length, '0');
}
