import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, isAppError, type ErrorCode } from '../domain/errors.js';
import { asAppError } from '../services/index.js';
import { noteErrorCode } from './metrics/request-metrics.js';
import { fieldProblems } from './validation.js';

/** The HTTP status of each error code; both dialects answer with these statuses. */
export const httpStatus: Record<ErrorCode, number> = {
  validation: 400,
  malformed_payload: 400,
  unauthenticated: 401,
  forbidden: 403,
  feature_disabled: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/** Seconds a client is told to wait before retrying when the database is away (`Retry-After`). */
const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** Whatever a request failed with — a service error, a Fastify parsing or validation error — as an AppError. */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  const e = error as Partial<FastifyError> & { validation?: unknown };
  if (Array.isArray(e.validation)) return AppError.validation(fieldProblems(e.validation));
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('unsupported_media_type', 'The request body has a content type this endpoint does not accept.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'The request body is too large.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('malformed_payload', 'The request body is empty; a JSON document was expected.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('malformed_payload', 'The request body is not valid JSON.');
  }
  // Body parsers (JSON and others) report unparseable input as a 400 SyntaxError.
  if (error instanceof SyntaxError || (e.statusCode === 400 && typeof e.message === 'string')) {
    return new AppError('malformed_payload', 'The request body could not be parsed.');
  }
  if (e.statusCode === 404) return AppError.notFound('The resource');
  if (e.statusCode === 413) return new AppError('payload_too_large', 'The request body is too large.');
  if (e.statusCode === 415) return new AppError('unsupported_media_type', 'The request body has a content type this endpoint does not accept.');
  return asAppError(error);
}

/**
 * The error handler of a plugin: every failure becomes an AppError (a real fault is logged, never shown), then the
 * plugin's dialect renders it.
 */
export function errorHandler(render: (request: FastifyRequest, reply: FastifyReply, error: AppError) => unknown) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(error);
    noteErrorCode(request, appError.code);
    if (appError.code === 'internal') request.log.error({ err: error }, 'request failed');
    if (appError.code === 'unavailable') {
      request.log.warn({ err: error }, 'database unavailable');
      void reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    }
    return render(request, reply, appError);
  };
}
