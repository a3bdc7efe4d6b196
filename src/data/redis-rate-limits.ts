import { createRequire } from 'node:module';
import type { Redis as RedisClient } from 'ioredis';
import type { CounterHit, CounterState } from './rate-limits.js';

/**
 * Counts hits in each bucket (one, or a lease's several) and answers, per bucket, its count and the milliseconds
 * left in its window: one script, so one round trip, atomic on the server. A bucket's first hit starts its window
 * (the key's expiry). ARGV holds each key's window in seconds and its hits, in pairs.
 */
const HIT_SCRIPT = `
local out = {}
for i, key in ipairs(KEYS) do
  local hits = redis.call('INCRBY', key, tonumber(ARGV[2 * i]))
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    ttl = tonumber(ARGV[2 * i - 1]) * 1000
    redis.call('PEXPIRE', key, ttl)
  end
  out[#out + 1] = hits
  out[#out + 1] = ttl
end
return out`;

type HitCommand = (...args: (string | number)[]) => Promise<number[]>;

/** Rate-limit counters in Redis (`REDIS_URL`), for deployments that keep them out of PostgreSQL. */
export function redisRateLimitCounters(url: string, keyPrefix: string) {
  // Loaded only when REDIS_URL is set: most installations and test processes count in PostgreSQL.
  const { Redis } = createRequire(import.meta.url)('ioredis') as { Redis: typeof RedisClient };
  const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  redis.defineCommand('tenantryRateLimitHit', { lua: HIT_SCRIPT });
  const hitCommand = (redis as unknown as { tenantryRateLimitHit: HitCommand }).tenantryRateLimitHit.bind(redis);
  return {
    async hit(hits: readonly CounterHit[]): Promise<CounterState[]> {
      if (hits.length === 0) return [];
      const now = Date.now();
      const keys = hits.map((h) => `${keyPrefix}rate:${h.bucket}`);
      const answer = await hitCommand(hits.length, ...keys, ...hits.flatMap((h) => [h.windowSeconds, h.count ?? 1]));
      return hits.map((h, i) => ({ bucket: h.bucket, hits: Number(answer[2 * i]), resetAt: new Date(now + Number(answer[2 * i + 1])) }));
    },
    async close(): Promise<void> {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
