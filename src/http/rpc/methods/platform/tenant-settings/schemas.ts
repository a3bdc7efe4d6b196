import { Type } from 'typebox';


/**
 * A string or null, kept as sent: a `["string", "null"]` type is not coerced (a union would turn `""` into
 * null or null into `""` under the server's type coercion).
 */
export const nullableString = (maxLength: number) => Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength });
