import type { CounterHit, CounterState } from '../../data/rate-limits.js';
import type { RateLimitCounters } from './rate-limiter.js';

interface Waiter {
  resolve: (states: CounterState[]) => void;
  reject: (error: unknown) => void;
  hits: readonly CounterHit[];
}

/**
 * Gathers the rate-limit hits of concurrent requests into one statement. Counted one statement per request, every
 * request from one client IP updated the same counter row: a write transaction (and a WAL flush) per read, and
 * the row's lock made 50 concurrent requests queue behind each other (the cause of W1's 0.28× C-db, BENCHMARKS.md).
 * Here at most one statement is in flight; the hits that arrive meanwhile go in the next, each bucket's count added
 * at once. Every hit is still counted in the shared row, and each request is answered its own place in the count
 * (the total less the hits gathered after it), as if the gathered hits had arrived one after the other: a limit of
 * 10 still lets exactly 10 through, on one instance or many.
 */
export function gatheredCounters(counters: RateLimitCounters): RateLimitCounters {
  let waiting: Waiter[] = [];
  let inFlight = false;

  const flush = async () => {
    inFlight = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      const totals = new Map<string, { windowSeconds: number; count: number }>();
      for (const waiter of batch) {
        for (const hit of waiter.hits) {
          const total = totals.get(hit.bucket) ?? { windowSeconds: hit.windowSeconds, count: 0 };
          total.count += hit.count ?? 1;
          totals.set(hit.bucket, total);
        }
      }
      try {
        const states = new Map((await counters.hit([...totals].map(([bucket, t]) => ({ bucket, windowSeconds: t.windowSeconds, count: t.count })))).map((s) => [s.bucket, s]));
        // The batch's hits take the last places of each count, in arrival order.
        const placed = new Map([...totals].map(([bucket, t]) => [bucket, (states.get(bucket)?.hits ?? t.count) - t.count]));
        for (const waiter of batch) {
          waiter.resolve(
            waiter.hits.flatMap((hit) => {
              const state = states.get(hit.bucket);
              if (!state) return [];
              const place = placed.get(hit.bucket)! + (hit.count ?? 1);
              placed.set(hit.bucket, place);
              return [{ bucket: hit.bucket, hits: place, resetAt: state.resetAt }];
            }),
          );
        }
      } catch (error) {
        for (const waiter of batch) waiter.reject(error);
      }
    }
    inFlight = false;
  };

  return {
    hit(hits) {
      if (hits.length === 0) return Promise.resolve([]);
      return new Promise<CounterState[]>((resolve, reject) => {
        waiting.push({ resolve, reject, hits });
        if (!inFlight) void flush();
      });
    },
  };
}
