import type { FastifyRequest } from 'fastify';
import type { Caller } from '../domain/caller.js';
import { AppError } from '../domain/errors.js';
import { requestOrigin, type RequestOrigin } from '../domain/request-origin.js';

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

/** Where the request came from, for use cases that run before (or without) a caller; a caller carries its own. */
export function requestOriginOf(request: FastifyRequest): RequestOrigin {
  return requestOrigin(request.ip, request.headers['user-agent']);
}
