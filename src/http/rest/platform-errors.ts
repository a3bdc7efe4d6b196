import { AppError, type ErrorCode } from '../../domain/errors.js';
import { httpStatus } from '../errors.js';

/**
 * The one place where application errors become AgileApps platform codes (COMPAT-NOTES B, "Errors").
 * The HTTP status is the product's own for the error code (shared with the RPC dialect), so a 403 is a 403
 * here too, where the original answered 400.
 */
const platformCodes: Record<ErrorCode, string> = {
  internal: '-1',
  unavailable: '-1',
  unauthenticated: '-101',
  not_found: '-200',
  validation: '-300',
  conflict: '-300',
  unsupported_media_type: '-300',
  method_not_allowed: '-300',
  rate_limited: '-300',
  forbidden: '-850',
  feature_disabled: '-4600',
  malformed_payload: '-4601',
  payload_too_large: '-4601',
};

const INVALID_TENANT_ID = '-4006';
const TENANT_ID_FIELD = 'tenant_id';
const UNKNOWN_RESOURCE = 'unknown-resource';

/** `/tenant/abc`: an id that cannot be a tenant id is a 400 with -4006 (an id that is merely unknown is a 404 -200). */
export function invalidTenantId(raw: string): AppError {
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  return AppError.field(TENANT_ID_FIELD, `"${shown}" is not a valid tenant id.`);
}

/** A path under /networking/rest that names no resource: 404, with -300 ("resource does not exist"). */
export function unknownResource(method: string, path: string): AppError {
  return new AppError('not_found', `There is no REST resource at ${method} ${path}.`, { details: UNKNOWN_RESOURCE });
}

export interface PlatformError {
  status: number;
  code: string;
  description: string;
}

export function platformError(error: AppError): PlatformError {
  const status = httpStatus[error.code];
  if (error.code === 'validation' && error.fields.some((f) => f.field === TENANT_ID_FIELD)) {
    return { status, code: INVALID_TENANT_ID, description: error.message };
  }
  if (error.code === 'not_found' && error.details === UNKNOWN_RESOURCE) return { status, code: '-300', description: error.message };
  return { status, code: platformCodes[error.code], description: describe(error) };
}

/** Validation failures name every field in the description, since the platform's message has no field list. */
function describe(error: AppError): string {
  if (error.fields.length === 0) return error.message;
  return error.fields.map((f) => `${f.field}: ${f.message}`).join(' ');
}
