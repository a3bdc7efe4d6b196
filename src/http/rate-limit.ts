import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../domain/errors.js';
import type { RateLimitVerdict } from '../domain/rate-limits.js';
import type { Services } from '../services/index.js';

/** The rate-limit headers of every counted answer (the de-facto `X-RateLimit-*` trio; Reset in seconds from now). */
export const RATE_LIMIT_HEADERS = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'] as const;

/** Liveness and readiness probes are never limited: a 429 there would make an orchestrator restart a healthy instance. */
const UNCOUNTED = /^\/health(\/|\?|$)/;

/**
 * Counts every request against its client IP's limits and, when an API key bounds its caller, the key's
 * (after authentication, so the key is known; before any handler, so a refused request does nothing). The
 * answer carries the tightest limit in `X-RateLimit-*`; beyond a limit it is a 429 with `Retry-After`, rendered
 * in the dialect of the route (ABP error body, REST platform error, page). REQUEST_RATE_LIMITS=false leaves
 * requests uncounted (a gateway in front limits them).
 */
export const rateLimits = fp(
  async (app: FastifyInstance, { services }: { services: Services }) => {
    if (!services.config.requestRateLimits) {
      app.log.warn('REQUEST_RATE_LIMITS is off: requests are not counted per client IP or API key (sign-in, account e-mail and sign-up limits still apply).');
      return;
    }
    // A callback hook, not an async one: a request whose places are already leased is counted without a promise.
    app.addHook('onRequest', (request, reply, done) => {
      if (request.method === 'OPTIONS' || UNCOUNTED.test(request.url)) return done();
      const verdict = services.rateLimits.checkNow(services.rateLimits.requestRules(request.caller, request.ip));
      if (verdict instanceof Promise) verdict.then((counted) => settle(reply, counted, done), done);
      else settle(reply, verdict, done);
    });
  },
  { name: 'rate-limits', dependencies: ['authenticate'] },
);

/**
 * Counts a sign-in (`TokenAuth/Authenticate`, REST login) or a login-link redemption against its client IP and,
 * when named, its account (`tenancy/user`); throws the 429 when either is exhausted. Called by those handlers
 * before any password is checked, on top of the request's own limits; one that brings a two-factor code counts
 * against the account's code attempts too.
 */
export async function limitSignIn(
  request: FastifyRequest,
  reply: FastifyReply,
  services: Services,
  account?: { userName: string; tenancyName?: string | null | undefined },
  attempt: { withCode?: boolean } = {},
): Promise<void> {
  const name = account ? `${account.tenancyName?.trim() ?? ''}/${account.userName.trim()}` : undefined;
  const verdict = await services.rateLimits.check(services.rateLimits.signInRules(request.ip, name, attempt.withCode));
  if (verdict && !verdict.allowed) answerVerdict(reply, verdict);
}

/** Counts an anonymous request for an account e-mail against its client IP and the address it names (see `accountMailRules`). */
export async function limitAccountMail(request: FastifyRequest, reply: FastifyReply, services: Services, account: string): Promise<void> {
  const verdict = await services.rateLimits.check(services.rateLimits.accountMailRules(request.ip, account));
  if (verdict && !verdict.allowed) answerVerdict(reply, verdict);
}

/** Answers the request's verdict (its headers, or the 429 as an error) and lets the request go on or not. */
function settle(reply: FastifyReply, verdict: RateLimitVerdict | undefined, done: (error?: Error) => void): void {
  try {
    if (verdict) answerVerdict(reply, verdict);
  } catch (error) {
    done(error as Error);
    return;
  }
  done();
}

function answerVerdict(reply: FastifyReply, verdict: RateLimitVerdict): void {
  void reply
    .header('x-ratelimit-limit', String(verdict.limit))
    .header('x-ratelimit-remaining', String(verdict.remaining))
    .header('x-ratelimit-reset', String(verdict.resetSeconds));
  if (verdict.allowed) return;
  void reply.header('retry-after', String(verdict.retryAfterSeconds));
  throw new AppError('rate_limited', `Too many requests; try again in ${verdict.retryAfterSeconds} seconds.`);
}
