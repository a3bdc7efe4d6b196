import { availableParallelism } from 'node:os';
import { hashPassword, verifyPassword } from '../src/services/security/passwords.js';

/**
 * Threads the server's argon2 work runs on: @node-rs/argon2 runs each hash on libuv's thread pool
 * (UV_THREADPOOL_SIZE, 4 by default), bounded in effect by the cores.
 */
export const HASH_THREADS = Number(process.env.UV_THREADPOOL_SIZE ?? 4);

export interface HashFigures {
  hashPerSecond: number;
  verifyPerSecond: number;
  threads: number;
  cores: number;
}

/** C-hash and C-verify: argon2id hashes and verifies per second at the product's parameters, `HASH_THREADS` at a time. */
export async function measureHashing(seconds: number): Promise<HashFigures> {
  const known = await hashPassword('Ceiling-pass-1');
  const rate = async (operation: () => Promise<unknown>) => {
    const end = performance.now() + seconds * 1000;
    let done = 0;
    await Promise.all(
      Array.from({ length: HASH_THREADS }, async () => {
        while (performance.now() < end) {
          await operation();
          done++;
        }
      }),
    );
    return Math.round((done / seconds) * 10) / 10;
  };
  return {
    hashPerSecond: await rate(() => hashPassword('Ceiling-pass-1')),
    verifyPerSecond: await rate(() => verifyPassword(known, 'Ceiling-pass-1')),
    threads: HASH_THREADS,
    cores: availableParallelism(),
  };
}
