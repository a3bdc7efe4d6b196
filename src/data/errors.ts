import { AppError, type FieldProblem } from '../domain/errors.js';

interface DatabaseErrorLike {
  code?: unknown;
  constraint?: unknown;
}

/**
 * What each unique constraint means to a caller. The one place where database errors become API errors:
 * a constraint listed here turns into a 409 naming the field; anything else stays a server fault.
 */
const uniqueConstraints: Readonly<Record<string, { message: string; field: string }>> = {
  tenants_tenancy_name_key: { message: 'This tenancy name is already taken.', field: 'tenancyName' },
  tenants_sub_domain_key: { message: 'This sub-domain is already taken.', field: 'service_portal_sub_domain' },
  users_user_name_key: { message: 'This user name is already taken.', field: 'userName' },
  users_email_key: { message: 'This e-mail address is already taken.', field: 'emailAddress' },
  roles_name_key: { message: 'A role with this name already exists.', field: 'name' },
  packages_pkey: { message: 'A package with this installation id already exists.', field: 'id' },
  packages_name_key: { message: 'A package with this name already exists.', field: 'name' },
  coupons_code_key: { message: 'A coupon with this code already exists.', field: 'code' },
  // The original platform's text, which its clients look for.
  event_subscriptions_target: { message: 'Such target url is already linked to event.', field: 'targetUrl' },
};

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as DatabaseErrorLike | null;
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

/** A row another table still refers to (a foreign key refused the delete or the insert). */
export function isForeignKeyViolation(error: unknown): boolean {
  return (error as DatabaseErrorLike | null)?.code === '23503';
}

// SQLSTATE classes and codes that mean "the database is away or overloaded", not "the request is wrong":
// 08 connection exception, 57P01–57P03 shutdown / cannot connect now, 53300 too many connections,
// 57014 a statement cancelled by statement_timeout.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '57014']);
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// pg and pg-pool report lost, refused and timed-out connections as plain Errors with these messages.
const UNAVAILABLE_MESSAGE = /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error)/;

function isUnavailable(e: DatabaseErrorLike & { message?: unknown }): boolean {
  if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATES.has(e.code) || e.code.startsWith('08') || UNAVAILABLE_NODE_CODES.has(e.code))) return true;
  return typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message);
}

/** Translates a known database error into an AppError; returns the error unchanged otherwise. */
export function translateDatabaseError(error: unknown): unknown {
  const e = error as (DatabaseErrorLike & { message?: unknown }) | null;
  if (e && !(error instanceof AppError) && isUnavailable(e)) {
    return new AppError('unavailable', 'The service cannot reach its database right now; please retry shortly.', { cause: error });
  }
  if (e?.code === '23505' && typeof e.constraint === 'string') {
    const known = uniqueConstraints[e.constraint];
    if (known) {
      const fields: FieldProblem[] = [{ field: known.field, message: known.message }];
      return AppError.conflict(known.message, fields);
    }
  }
  // Serialization failure / deadlock: the caller may retry; say so without internals.
  if (e?.code === '40001' || e?.code === '40P01') {
    return new AppError('conflict', 'The request conflicted with a concurrent change; please retry.');
  }
  return error;
}
