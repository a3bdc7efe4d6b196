import { Type, type TNumberOptions } from 'typebox';
import { MAX_INT4 } from '../domain/paging.js';


/** Ids are PostgreSQL `integer` (int4) in the contract, so nothing larger reaches the database. The id of a row (user, product, coupon, key…): 1 to 2^31−1. */
export function Id(options: TNumberOptions = {}) {
  return Type.Integer({ minimum: 1, maximum: MAX_INT4, ...options });
}

/** A tenant id, where 0 names the host: 0 to 2^31−1. */
export function TenantId(options: TNumberOptions = {}) {
  return Type.Integer({ minimum: 0, maximum: MAX_INT4, ...options });
}
