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

/** Translates a known database error into an AppError; returns the error unchanged otherwise. */
export function translateDatabaseError(error: unknown): unknown {
  const e = error as DatabaseErrorLike | null;
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
