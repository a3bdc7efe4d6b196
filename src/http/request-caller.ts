import type { FastifyRequest } from 'fastify';
import type { Caller } from '../domain/caller.js';
import { AppError } from '../domain/errors.js';
import type { RequestContext } from '../services/auth/authentication.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller, or null when the request carried no (valid) credential. */
    caller: Caller | null;
    /** Why a presented credential was refused; reported only if the route needs a caller. */
    authError: AppError | null;
  }
}

/** The caller of a route that requires one; throws `unauthenticated` (with the credential's problem) otherwise. */
export function requireCaller(request: FastifyRequest): Caller {
  if (request.caller) return request.caller;
  throw request.authError ?? AppError.unauthenticated();
}

export function requestContext(request: FastifyRequest): RequestContext {
  return { clientIp: request.ip, userAgent: request.headers['user-agent'] };
}
