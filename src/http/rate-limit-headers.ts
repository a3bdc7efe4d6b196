/** The rate-limit headers every answer carries (the de-facto `X-RateLimit-*` trio). */
export const RATE_LIMIT_HEADERS = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'] as const;
