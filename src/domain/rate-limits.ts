/** A limit on one bucket: at most `limit` hits per fixed window of `windowSeconds`. */
export interface RateLimitRule {
  bucket: string;
  limit: number;
  windowSeconds: number;
}

/** How many hits a bucket holds in its current window, and when that window ends. */
export interface BucketCount {
  hits: number;
  resetAt: Date;
}

/** What a request is told: the tightest limit it is under, and whether it may go on. */
export interface RateLimitVerdict {
  allowed: boolean;
  /** The bucket reported (when refused: the exceeded one that frees up last), `kind:subject:window`. */
  bucket: string;
  limit: number;
  remaining: number;
  /** Seconds until the reported limit's window ends (`X-RateLimit-Reset`). */
  resetSeconds: number;
  /** When refused: seconds until every exceeded limit has a new window (`Retry-After`). */
  retryAfterSeconds: number;
}

/**
 * A limit as given: 0 and null mean "no limit of its own" (the next level's). They read the same because RPC input
 * coerces a null integer to 0, and ABP clients send null for every empty field.
 */
export function ownLimit<T extends number | null | undefined>(value: T): T extends undefined ? undefined : number | null {
  return (value === undefined ? undefined : value || null) as never;
}

export const MINUTE = 60;
export const HOUR = 3_600;
export const DAY = 86_400;

/** The per-minute and per-day limits of one subject (an API key, a client IP). */
export function perMinuteAndDay(subject: string, perMinute: number, perDay: number): RateLimitRule[] {
  return [
    { bucket: `${subject}:m`, limit: perMinute, windowSeconds: MINUTE },
    { bucket: `${subject}:d`, limit: perDay, windowSeconds: DAY },
  ];
}

/**
 * The verdict over every rule a request is under. It is refused when any limit is exceeded; the headers then
 * report the exceeded limit that frees up last. Otherwise they report the limit with the fewest hits left.
 */
export function verdictOf(rules: readonly RateLimitRule[], counts: ReadonlyMap<string, BucketCount>, now: number): RateLimitVerdict | undefined {
  const states = rules.flatMap((rule) => {
    const count = counts.get(rule.bucket);
    if (!count) return [];
    const resetSeconds = Math.max(0, Math.ceil((count.resetAt.getTime() - now) / 1000));
    return [{ rule, hits: count.hits, remaining: Math.max(0, rule.limit - count.hits), resetSeconds }];
  });
  if (states.length === 0) return undefined;
  const exceeded = states.filter((s) => s.hits > s.rule.limit);
  const reported = exceeded.length > 0
    ? exceeded.reduce((a, b) => (b.resetSeconds > a.resetSeconds ? b : a))
    : states.reduce((a, b) => (b.remaining < a.remaining || (b.remaining === a.remaining && b.resetSeconds > a.resetSeconds) ? b : a));
  return {
    allowed: exceeded.length === 0,
    bucket: reported.rule.bucket,
    limit: reported.rule.limit,
    remaining: reported.remaining,
    resetSeconds: reported.resetSeconds,
    retryAfterSeconds: exceeded.length === 0 ? 0 : Math.max(1, reported.resetSeconds),
  };
}
