import { Type, type TNumberOptions } from 'typebox';

/** Ids are PostgreSQL `integer` (int4) columns: the contract says so, and nothing larger reaches the database. */
export const INT4_MAX = 2_147_483_647;

/** The id of a row (user, product, coupon, key…): 1 to 2^31−1. */
export function Id(options: TNumberOptions = {}) {
  return Type.Integer({ minimum: 1, maximum: INT4_MAX, ...options });
}

/** A tenant id, where 0 names the host: 0 to 2^31−1. */
export function TenantId(options: TNumberOptions = {}) {
  return Type.Integer({ minimum: 0, maximum: INT4_MAX, ...options });
}
