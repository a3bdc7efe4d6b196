import { Type, type Static, type TNumberOptions, type TSchema } from 'typebox';
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

/**
 * An input field that may be missing or null (clients generated for ABP send null for every empty field).
 * Rules beyond the type are the service's, so one 400 can name every problem of a request.
 *
 * A schema of one type is declared as `type: [T, 'null']`, not as `anyOf [T, null]`: the request validator coerces
 * types, and in an `anyOf` it tries T first, turning a JSON null into "", 0 or false — a cleared field would arrive as
 * an empty text, a free price or a switched-off flag. With both types in one `type`, null stays null (and a problem
 * inside an object or array is named once, at its own path, not again at the `anyOf`).
 */
export function optional<T extends TSchema>(schema: T, description?: string) {
  const type = (schema as { type?: unknown }).type;
  if (typeof type === 'string') {
    return Type.Optional(Type.Unsafe<Static<T> | null>({ ...schema, type: [type, 'null'], ...(description ? { description } : {}) }));
  }
  return Type.Optional(Type.Union([schema, Type.Null()], description ? { description } : {}));
}

/** An output field that is null when it has no value. */
export function orNull<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}

/**
 * A string or null, kept as sent: a `["string", "null"]` type is not coerced (a union would turn `""` into
 * null or null into `""` under the server's type coercion).
 */
export const nullableString = (maxLength: number) => Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength });
