/**
 * The one application error type. Every failure that reaches a client is an AppError with a code from
 * this closed list; each API dialect maps the code to its own status and body (rpc/errors.ts, rest/errors.ts).
 */
export const errorCodes = [
  'validation', // input is malformed or breaks a rule; carries the offending fields
  'unauthenticated', // no credential, or one that is invalid, expired or revoked
  'forbidden', // authenticated but not permitted
  'not_found', // unknown entity, or one the caller may not see (existence never leaks across tenants)
  'conflict', // uniqueness or state conflict (name taken, already completed)
  'unsupported_media_type', // request body content type missing or not accepted
  'malformed_payload', // body cannot be parsed (bad JSON/XML)
  'payload_too_large',
  'method_not_allowed',
  'feature_disabled', // the capability is not enabled for this tenant or host
  'rate_limited',
  'unavailable', // the database is unreachable or does not answer in time; the caller may retry shortly
  'internal', // a real server fault; never carries internals to the client
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** A field named in a validation failure, camelCased as the caller sent it. */
export interface FieldProblem {
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldProblem[];
  readonly details: string | undefined;

  constructor(code: ErrorCode, message: string, options: { fields?: FieldProblem[]; details?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.fields = options.fields ?? [];
    this.details = options.details;
  }

  static validation(fields: FieldProblem[], message?: string): AppError {
    const summary = message ?? (fields.length === 1 ? fields[0]!.message : 'Your request is not valid.');
    return new AppError('validation', summary, { fields });
  }

  static field(field: string, message: string): AppError {
    return AppError.validation([{ field, message }]);
  }

  static notFound(what: string): AppError {
    return new AppError('not_found', `${what} was not found.`);
  }

  static forbidden(message = 'You are not allowed to do this.'): AppError {
    return new AppError('forbidden', message);
  }

  static unauthenticated(message = 'Authentication is required.'): AppError {
    return new AppError('unauthenticated', message);
  }

  static conflict(message: string, fields: FieldProblem[] = []): AppError {
    return new AppError('conflict', message, { fields });
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
