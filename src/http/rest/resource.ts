import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import type { Caller } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';
import { demandApiKeyAllows, demandTwoFactorEnrolled } from '../../domain/credential-rules.js';
import { requireCaller } from '../request-caller.js';

type Verb = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Largest request body the REST dialect reads: a tenant document is a few kilobytes. */
export const REST_BODY_LIMIT = 64 * 1024;

export interface RestRoute {
  summary: string;
  description?: string;
  /** Whether the route needs a signed-in caller (documented in OpenAPI; the handler asks for it). */
  secured: boolean;
  querystring?: FastifySchema['querystring'];
  handler(request: FastifyRequest, reply: FastifyReply): Promise<unknown>;
}

const TAG = 'AgileApps REST';

/**
 * Registers the verbs of one REST resource path; every other verb answers 405 with an `Allow` header.
 * POST and PUT need a request body content type (XML or JSON): without one the answer is 415.
 */
export function restResource(
  app: FastifyInstance,
  url: string,
  routes: Partial<Record<Verb, RestRoute>>,
  params?: FastifySchema['params'],
): void {
  const allowed = Object.keys(routes) as Verb[];
  for (const verb of allowed) {
    const route = routes[verb]!;
    app.route({
      method: verb,
      url,
      // HEAD never runs a handler (GET /logout changes state): it falls to the 405 route below.
      exposeHeadRoute: false,
      bodyLimit: REST_BODY_LIMIT,
      schema: {
        tags: [TAG],
        summary: route.summary,
        ...(route.description ? { description: route.description } : {}),
        ...(params ? { params } : {}),
        ...(route.querystring ? { querystring: route.querystring } : {}),
        ...(route.secured ? { security: [{ session: [] }, { bearer: [] }] } : {}),
      },
      preValidation: verb === 'POST' || verb === 'PUT' ? requireBodyType : undefined,
      handler: route.handler,
    });
  }
  const others = (['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'] as const).filter((verb) => !allowed.includes(verb as Verb));
  app.route({
    method: [...others],
    url,
    bodyLimit: REST_BODY_LIMIT,
    schema: { hide: true },
    handler: async (request, reply) => {
      reply.header('allow', allowed.join(', '));
      throw new AppError('method_not_allowed', `${request.method} is not allowed here; use ${allowed.join(' or ')}.`);
    },
  });
}

async function requireBodyType(request: FastifyRequest): Promise<void> {
  if (!request.headers['content-type']) {
    throw new AppError('unsupported_media_type', 'A Content-Type header is required: application/xml (or text/xml) or application/json.');
  }
}

/** The signed-in caller of a REST call; an API key restricted to other paths is refused. */
export function restCaller(request: FastifyRequest): Caller {
  const caller = requireCaller(request);
  demandApiKeyAllows(caller, request.url);
  demandTwoFactorEnrolled(caller);
  return caller;
}
