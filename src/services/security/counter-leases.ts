import type { CounterState } from '../../data/rate-limits.js';
import type { RateLimitRule } from '../../domain/rate-limits.js';

/** A lease never holds more than this share of what is left of a limit: limits below 128 are counted hit by hit. */
const SHARE_OF_REMAINING = 64;
/**
 * Nor more places than this. At 64, a client answered ten thousand times a second claimed every 64 requests in
 * each of its buckets, and the requests that found no place waited for each claim's round trip: the limiter cost
 * 17–28 % of W2's throughput; at 512, 4–6 % (bench/findings.md, 8 December). The share of the remaining limit and
 * the second of traffic above still bound every lease.
 */
export const MAX_LEASE = 512;
/** Nor more than this instance counted in the bucket over about a second: a slow client leases nothing. */
const RATE_WINDOW_MS = 1_000;
/** A lease is not used in the last second of its window: the database's clock decides when the window ends. */
const END_MARGIN_MS = 1_000;
/** Buckets remembered at most (client IPs and keys); beyond, ended ones are dropped, then all. */
const MAX_BUCKETS = 20_000;

interface Bucket {
  /** The shared count as this instance last saw it, and until when (its window's end, less the margin). */
  knownCount: number;
  knownUntil: number;
  /** Places of the shared count this instance claimed and has not handed out yet: `next`..`last`, until `usableUntil`. */
  next: number;
  last: number;
  resetAt: Date;
  usableUntil: number;
  /** Hits counted here in the current rate window and the one before. */
  hits: number;
  previousHits: number;
  since: number;
  /** A lease claim under way: requests without a place wait for it rather than claim one of their own. */
  claiming?: Promise<void> | undefined;
}

/**
 * Leases of places in the shared rate-limit counts. Counting every request in the shared counter is a database
 * round trip before any handler, as costly as the read it guards (W1, W2 in BENCHMARKS.md). An instance that counts
 * many hits in a bucket whose limit is far away instead claims several places at once (`hits + n` in one
 * statement) and hands them to its next requests without a round trip. Every place is still a real position in the
 * shared count, so a request is answered its own place, and no more than the limit pass across all instances; what
 * a lease costs is its unused places, counted but not used, at most a 64th of what was left of the limit (and about
 * a second of this instance's traffic). A limit below 128, or a bucket near its limit, is counted hit by hit,
 * exactly as before.
 */
export class CounterLeases {
  private readonly buckets = new Map<string, Bucket>();

  /**
   * Answers a leased place for a hit in the rule's bucket, or undefined: count it in the shared counter. The hit is
   * noted on its first look (a request that waited for a claim looks again).
   */
  take(rule: RateLimitRule, now: number, firstLook = true): CounterState | undefined {
    const bucket = this.bucket(rule.bucket, now);
    if (firstLook) {
      if (now - bucket.since >= RATE_WINDOW_MS) {
        bucket.previousHits = now - bucket.since < 2 * RATE_WINDOW_MS ? bucket.hits : 0;
        bucket.hits = 0;
        bucket.since = now;
      }
      bucket.hits++;
    }
    if (bucket.next > bucket.last || now >= bucket.usableUntil) return undefined;
    return { bucket: rule.bucket, hits: bucket.next++, resetAt: bucket.resetAt };
  }

  /** A lease claim under way for the bucket, to wait for before claiming another. */
  pendingClaim(rule: RateLimitRule): Promise<void> | undefined {
    return this.buckets.get(rule.bucket)?.claiming;
  }

  /** How many places to claim in the rule's bucket: 1 (the request's own), or a lease when the limit is far away. */
  claimSize(rule: RateLimitRule, now: number): number {
    const bucket = this.buckets.get(rule.bucket);
    if (!bucket || now >= bucket.knownUntil || bucket.claiming) return 1;
    const rate = Math.max(bucket.hits, bucket.previousHits);
    return Math.max(1, Math.min(MAX_LEASE, Math.floor((rule.limit - bucket.knownCount) / SHARE_OF_REMAINING), rate));
  }

  /** Marks a lease claim under way until `done` settles. */
  claiming(rule: RateLimitRule, done: Promise<unknown>): void {
    const bucket = this.buckets.get(rule.bucket);
    if (!bucket) return;
    const claim = done.then(
      () => undefined,
      () => undefined,
    );
    bucket.claiming = claim;
    void claim.then(() => {
      if (bucket.claiming === claim) bucket.claiming = undefined;
    });
  }

  /**
   * After a claim of `claimed` places answered `state` (the last of them): keeps the places beyond the request's
   * own for the next requests, and answers the request's own place, the first.
   */
  claimed(state: CounterState, claimed: number, now: number): CounterState {
    const first = state.hits - claimed + 1;
    const bucket = this.bucket(state.bucket, now);
    bucket.knownCount = state.hits;
    bucket.knownUntil = state.resetAt.getTime() - END_MARGIN_MS;
    if (claimed > 1) {
      bucket.next = first + 1;
      bucket.last = state.hits;
      bucket.resetAt = state.resetAt;
      bucket.usableUntil = bucket.knownUntil;
    }
    return { bucket: state.bucket, hits: first, resetAt: state.resetAt };
  }

  private bucket(name: string, now: number): Bucket {
    let bucket = this.buckets.get(name);
    if (!bucket) {
      if (this.buckets.size >= MAX_BUCKETS) this.prune(now);
      bucket = { knownCount: 0, knownUntil: 0, next: 1, last: 0, resetAt: new Date(0), usableUntil: 0, hits: 0, previousHits: 0, since: now };
      this.buckets.set(name, bucket);
    }
    return bucket;
  }

  private prune(now: number): void {
    for (const [name, bucket] of this.buckets) {
      if (bucket.knownUntil <= now && !bucket.claiming) this.buckets.delete(name);
    }
    if (this.buckets.size >= MAX_BUCKETS) this.buckets.clear();
  }
}
