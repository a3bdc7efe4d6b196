import type { RateLimitConfig } from '../../config.js';
import type { CounterHit, CounterState } from '../../data/rate-limits.js';
import type { Caller } from '../../domain/caller.js';
import { CounterLeases } from './counter-leases.js';
import { NO_METRICS, type ServiceMetrics } from '../metrics/service-metrics.js';
import { HOUR, MINUTE, perMinuteAndDay, verdictOf, type RateLimitRule, type RateLimitVerdict } from '../../domain/rate-limits.js';

/** Where the counters live: PostgreSQL (`data.rateLimits`) by default, Redis when REDIS_URL is set. */
export interface RateLimitCounters {
  hit(hits: readonly CounterHit[]): Promise<CounterState[]>;
}

/** Two-factor codes one account may try per minute (each also needs the right password). */
export const TWO_FACTOR_CODES_PER_MINUTE = 10;

/** Ended counters are swept this often (PostgreSQL only; Redis expires its keys itself). */
const SWEEP_EVERY_MS = 10 * 60_000;

/**
 * Rate limits per API key, per client IP, and for sign-ins per account. Each check is one round trip to the
 * shared counters (one statement, or one Redis script), so every instance counts against the same numbers. When
 * the counters cannot be reached the request goes on (and the failure is reported): an unreachable counter
 * store must not take the API down with it, and the request's own database work fails on its own if the
 * database is what is away.
 */
export class RateLimiter {
  private sweeper: NodeJS.Timeout | undefined;
  private readonly leases = new CounterLeases();

  constructor(
    private readonly counters: RateLimitCounters,
    readonly limits: RateLimitConfig,
    private readonly reportError: (error: unknown) => void,
    /** Counts refusals by the kind of bucket exhausted. */
    private readonly metrics: ServiceMetrics = NO_METRICS,
  ) {}

  /** Every request: its client IP's limits, and the limits of the API key that bounds its caller. */
  requestRules(caller: Caller | null, clientIp: string): RateLimitRule[] {
    const rules = perMinuteAndDay(`ip:${clientIp}`, this.limits.ipPerMinute, this.limits.ipPerDay);
    const key = caller?.apiKey;
    if (key) {
      rules.push(...perMinuteAndDay(`key:${key.id}`, key.limits?.perMinute ?? this.limits.keyPerMinute, key.limits?.perDay ?? this.limits.keyPerDay));
    }
    return rules;
  }

  /**
   * A sign-in or login-link redemption: per client IP, and per account when the account is named; a sign-in that
   * brings a two-factor code also counts against the account's code attempts (a tighter bucket: a six-digit code
   * has a million values, and the lockout alone allows a few guesses per lockout period).
   */
  signInRules(clientIp: string, account?: string, withCode = false): RateLimitRule[] {
    const rules: RateLimitRule[] = [{ bucket: `signin-ip:${clientIp}:m`, limit: this.limits.signInIpPerMinute, windowSeconds: MINUTE }];
    if (account) rules.push({ bucket: `signin:${account.toLowerCase()}:m`, limit: this.limits.signInPerMinute, windowSeconds: MINUTE });
    if (account && withCode) rules.push({ bucket: `2fa:${account.toLowerCase()}:m`, limit: TWO_FACTOR_CODES_PER_MINUTE, windowSeconds: MINUTE });
    return rules;
  }

  /** A sign-up posted through the `/signup` pages: per client IP and hour. */
  signUpRules(clientIp: string, perHour: number): RateLimitRule[] {
    return [{ bucket: `signup-ip:${clientIp}:h`, limit: perHour, windowSeconds: HOUR }];
  }

  /**
   * An anonymous request for an account e-mail (password reset, address confirmation): per client IP as a sign-in,
   * and per address, so that no one can flood someone's inbox.
   */
  accountMailRules(clientIp: string, account: string): RateLimitRule[] {
    return [
      { bucket: `signin-ip:${clientIp}:m`, limit: this.limits.signInIpPerMinute, windowSeconds: MINUTE },
      { bucket: `account-mail:${account.toLowerCase()}:h`, limit: this.limits.accountMailPerHour, windowSeconds: HOUR },
    ];
  }

  /**
   * Counts one hit under every rule and answers the verdict; undefined when the counters could not be reached. A
   * hit takes a place this instance already leased in the shared count when it holds one (see counter-leases.ts),
   * waits for a lease being claimed, or else counts in the shared counter, claiming a lease when the bucket is busy
   * and its limit far away.
   */
  check(rules: readonly RateLimitRule[]): Promise<RateLimitVerdict | undefined> {
    return Promise.resolve(this.checkNow(rules));
  }

  /**
   * As `check`, but answers the verdict itself, with no promise, when this instance holds a leased place in every
   * bucket (the usual case of a busy client): the hot path of every request then waits for nothing.
   */
  checkNow(rules: readonly RateLimitRule[]): RateLimitVerdict | undefined | Promise<RateLimitVerdict | undefined> {
    const counted = new Map<string, CounterState>();
    const open = rules.filter((rule) => !this.tookLeased(rule, counted));
    return open.length === 0 ? this.verdict(rules, counted) : this.counting(rules, counted, open);
  }

  private async counting(rules: readonly RateLimitRule[], counted: Map<string, CounterState>, notLeased: RateLimitRule[]): Promise<RateLimitVerdict | undefined> {
    let open = notLeased;
    // A few rounds at most: a busy bucket's leases can run out before this request's turn, and then it claims.
    for (let round = 0; round < 3; round++) {
      const claims = open.map((rule) => this.leases.pendingClaim(rule)).filter((claim) => claim !== undefined);
      if (claims.length === 0) break;
      await Promise.all(claims);
      open = open.filter((rule) => !this.tookLeased(rule, counted, false));
    }
    if (open.length > 0) {
      const now = Date.now();
      const claims = open.map((rule) => ({ rule, count: this.leases.claimSize(rule, now) }));
      const answer = this.counters.hit(claims.map(({ rule, count }) => ({ bucket: rule.bucket, windowSeconds: rule.windowSeconds, count })));
      for (const claim of claims) if (claim.count > 1) this.leases.claiming(claim.rule, answer);
      try {
        const states = new Map((await answer).map((s) => [s.bucket, s]));
        for (const { rule, count } of claims) {
          const state = states.get(rule.bucket);
          if (state) counted.set(rule.bucket, this.leases.claimed(state, count, Date.now()));
        }
      } catch (error) {
        this.reportError(error);
        return undefined;
      }
    }
    return this.verdict(rules, counted);
  }

  private verdict(rules: readonly RateLimitRule[], counted: Map<string, CounterState>): RateLimitVerdict | undefined {
    const verdict = verdictOf(rules, counted, Date.now());
    if (verdict && !verdict.allowed) this.metrics.rateLimited(verdict.bucket.slice(0, verdict.bucket.indexOf(':')));
    return verdict;
  }

  /** Takes a leased place for the rule's bucket into `counted`, when this instance holds one. */
  private tookLeased(rule: RateLimitRule, counted: Map<string, CounterState>, firstLook = true): boolean {
    const place = this.leases.take(rule, Date.now(), firstLook);
    if (place) counted.set(rule.bucket, place);
    return place !== undefined;
  }

  /** Sweeps ended counters now and then, so the table holds only live windows. */
  startSweeping(sweep: () => Promise<unknown>): void {
    this.sweeper = setInterval(() => void sweep().catch(this.reportError), SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  stop(): void {
    clearInterval(this.sweeper);
  }
}
