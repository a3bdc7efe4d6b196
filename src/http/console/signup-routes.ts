import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services/index.js';
import { AppError } from '../../domain/errors.js';
import { httpStatus } from '../errors.js';
import { noStore } from '../no-store.js';
import { abpErrorBody } from '../rpc/abp-body.js';

/** The RPC methods the sign-up pages stand in front of: a key restricted to these paths is enough. */
export const SIGNUP_METHODS = {
  catalogue: '/api/services/CRM/Product/GetProducts',
  request: '/api/services/CRM/Lead/SubmitTenancyRequest',
  complete: '/api/services/Platform/TenantSubscription/CompleteTenantRegistration',
} as const;

/** The hidden field a person never fills in and a form-filling robot does. */
export const HONEYPOT_FIELD = 'faxNumber';

const HOUR_MS = 3_600_000;

/**
 * Server-side routes behind the `/signup` pages. A browser must never hold a host API key, so the pages post here
 * and these routes call the public onboarding methods themselves with the configured `SIGNUP_API_KEY` (an ordinary
 * API key: its permissions, path scope, expiry and revocation all apply, and the audit trail names it). The answer
 * is the method's own, unchanged, so field errors read exactly as the API reports them. Each client IP may post
 * `SIGNUP_RATE_LIMIT` times an hour; the honeypot field refuses robots before anything is called.
 */
export async function signupRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const { apiKey, perIpPerHour } = services.config.signup;
  const attempts = new Map<string, { windowStart: number; count: number }>();

  const closed = (reply: FastifyReply) =>
    refuse(reply, new AppError('feature_disabled', 'Sign-up is not open on this server: the operator has not configured SIGNUP_API_KEY.'));

  // One fixed window per IP; the map only holds addresses seen in the current hour.
  const overLimit = (ip: string): boolean => {
    const now = Date.now();
    for (const [key, entry] of attempts) if (now - entry.windowStart >= HOUR_MS) attempts.delete(key);
    const entry = attempts.get(ip) ?? { windowStart: now, count: 0 };
    entry.count += 1;
    attempts.set(ip, entry);
    return entry.count > perIpPerHour;
  };

  const forward = async (request: FastifyRequest, reply: FastifyReply, method: 'GET' | 'POST', url: string, payload?: object) => {
    const answer = await app.inject({
      method,
      url,
      headers: { 'api-key': apiKey!, 'content-type': 'application/json', 'abp-envelope': 'false', 'user-agent': request.headers['user-agent'] ?? '' },
      ...(payload ? { payload: JSON.stringify(payload) } : {}),
    });
    noStore(reply);
    return reply.status(answer.statusCode).type('application/json; charset=utf-8').send(answer.body);
  };

  const post = (name: 'request' | 'complete') => async (request: FastifyRequest, reply: FastifyReply) => {
    if (!apiKey) return closed(reply);
    if (overLimit(request.ip)) {
      return refuse(reply.header('retry-after', '3600'), new AppError('rate_limited', 'Too many sign-up attempts from your network: try again in an hour.'));
    }
    const body = request.body as Record<string, unknown>;
    if (typeof body[HONEYPOT_FIELD] === 'string' && body[HONEYPOT_FIELD] !== '') {
      return refuse(reply, AppError.validation([], 'The sign-up could not be accepted.'));
    }
    const { [HONEYPOT_FIELD]: _honeypot, ...input } = body;
    // The lead records who signed up from where: the person's address, not this server's own.
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
  return reply.status(httpStatus[error.code]).type('application/json; charset=utf-8').send(abpErrorBody(error));
}
