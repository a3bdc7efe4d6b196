import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services/index.js';
import { AppError } from '../../domain/errors.js';
import { noStore } from '../no-store.js';
import { sendAbpError } from '../rpc/abp-body.js';

/** The RPC methods the sign-up pages stand in front of: a key restricted to these paths is enough. */
export const SIGNUP_METHODS = {
  catalogue: '/api/services/CRM/Product/GetProducts',
  request: '/api/services/CRM/Lead/SubmitTenancyRequest',
  complete: '/api/services/Platform/TenantSubscription/CompleteTenantRegistration',
} as const;

/** The hidden field a person never fills in and a form-filling robot does. */
export const HONEYPOT_FIELD = 'faxNumber';

/**
 * Server-side routes behind the `/signup` pages. A browser must never hold a host API key, so the pages post here
 * and these routes call the public onboarding methods themselves with the configured `SIGNUP_API_KEY` (an ordinary
 * API key: its permissions, path scope, expiry and revocation all apply, and the audit trail names it). The answer
 * is the method's own, unchanged, so field errors read exactly as the API reports them. Each client IP may post
 * `SIGNUP_RATE_LIMIT` times an hour, counted in the shared rate-limit counters so every instance counts together
 * (an unreachable counter store lets the post through, as for every limit); the honeypot field refuses robots
 * before anything is called.
 */
export async function signupRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const { apiKey, perIpPerHour } = services.config.signup;

  const closed = (reply: FastifyReply) =>
    refuse(reply, new AppError('feature_disabled', 'Sign-up is not open on this server: the operator has not configured SIGNUP_API_KEY.'));

  /** The refusal's Retry-After in seconds when the IP is over its hourly limit. */
  const overLimit = async (ip: string): Promise<number | undefined> => {
    const verdict = await services.rateLimits.check(services.rateLimits.signUpRules(ip, perIpPerHour));
    return verdict?.allowed === false ? verdict.retryAfterSeconds : undefined;
  };

  const forward = async (request: FastifyRequest, reply: FastifyReply, method: 'GET' | 'POST', url: string, payload?: object) => {
    const answer = await app.inject({
      method,
      url,
      // The method sees the person's address, not this server's: its audit entry, and its per-IP limits.
      remoteAddress: request.ip,
      headers: { 'api-key': apiKey!, 'content-type': 'application/json', 'abp-envelope': 'false', 'user-agent': request.headers['user-agent'] ?? '' },
      ...(payload ? { payload: JSON.stringify(payload) } : {}),
    });
    noStore(reply);
    return reply.status(answer.statusCode).type('application/json; charset=utf-8').send(answer.body);
  };

  const post = (name: 'request' | 'complete') => async (request: FastifyRequest, reply: FastifyReply) => {
    if (!apiKey) return closed(reply);
    const retryAfter = await overLimit(request.ip);
    if (retryAfter !== undefined) {
      return refuse(reply.header('retry-after', String(retryAfter)), new AppError('rate_limited', 'Too many sign-up attempts from your network: try again later.'));
    }
    const body = request.body as Record<string, unknown>;
    if (typeof body[HONEYPOT_FIELD] === 'string' && body[HONEYPOT_FIELD] !== '') {
      return refuse(reply, AppError.validation([], 'The sign-up could not be accepted.'));
    }
    const { [HONEYPOT_FIELD]: _honeypot, ...input } = body;
    // The lead records who signed up from where as this server saw them, whatever the form claims.
    const extra = name === 'request' ? { clientIp: request.ip, userAgent: request.headers['user-agent'] ?? '' } : {};
    return forward(request, reply, 'POST', SIGNUP_METHODS[name], { ...input, ...extra });
  };

  const objectBody = { body: { type: 'object' }, hide: true } as const;
  app.get('/signup/catalogue', { schema: { hide: true } }, async (request, reply) =>
    apiKey ? forward(request, reply, 'GET', SIGNUP_METHODS.catalogue) : closed(reply),
  );
  app.post('/signup/request', { schema: objectBody }, post('request'));
  app.post('/signup/complete', { schema: objectBody }, post('complete'));
}

function refuse(reply: FastifyReply, error: AppError): FastifyReply {
  return sendAbpError(reply, error);
}
