import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

// OWASP's argon2id recommendation: 19 MiB of memory, 2 iterations, 1 lane.
const ARGON2ID = 2;
const options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of a random password, verified against when the user does not exist so timing tells nothing. */
let decoy: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
}

/**
 * A password that satisfies every policy up to its length: letters of both cases, digits and a symbol (pass a
 * policy's `requiredLength` when it asks for more than 16 characters).
 */
export function generatePassword(requiredLength = 0): string {
  const length = Math.max(16, requiredLength);
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!@#$%*-_+='];
  const all = sets.join('');
  const bytes = randomBytes(length);
  const chars = sets.map((set, i) => set[bytes[i]! % set.length]!);
  for (let i = sets.length; i < length; i++) chars.push(all[bytes[i]! % all.length]!);
  // Shuffle so the guaranteed characters are not always first.
  const order = randomBytes(length);
  return chars
    .map((c, i) => [order[i]!, c] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, c]) => c)
    .join('');
}

/** Whether a text is an argon2 hash in the PHC string format that `verifyPassword` reads (an imported admin's). */
export function isArgon2Hash(text: string): boolean {
  return /^\$argon2(id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/.test(text);
}
