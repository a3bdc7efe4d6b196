import { Type, type TNumberOptions } from 'typebox';
import { ABP_DEFAULT_PAGE_SIZE, MAX_INT4, MAX_PAGE_SIZE } from '../domain/paging.js';

/**
 * The fields that many contracts share (ids, ABP's paging and sorting arguments), for the input and answer
 * schemas that the use cases declare and the HTTP dialects serve.
 */

/** Ids are PostgreSQL `integer` (int4) in the contract, so nothing larger reaches the database. The id of a row (user, product, coupon, key…): 1 to 2^31−1. */
export function Id(options: TNumberOptions = {}) {
  return Type.Integer({ minimum: 1, maximum: MAX_INT4, ...options });
}

/** A tenant id, where 0 names the host: 0 to 2^31−1. */
export function TenantId(options: TNumberOptions = {}) {
  return Type.Integer({ minimum: 0, maximum: MAX_INT4, ...options });
}

/** ABP's paged-list arguments (`IPagedResultRequest`). */
export const pagingArguments = {
  skipCount: Type.Integer({ minimum: 0, maximum: MAX_INT4, default: 0, description: 'How many items to skip.' }),
  maxResultCount: Type.Integer({
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: ABP_DEFAULT_PAGE_SIZE,
    description: `Page size, 1 to ${MAX_PAGE_SIZE} (default ${ABP_DEFAULT_PAGE_SIZE}).`,
  }),
};

/** ABP's `sorting` argument: `"field [asc|desc], ..."`. */
export const sortingArgument = Type.Optional(Type.String({ maxLength: 200, description: 'For example `userName asc, creationTime desc`.' }));
