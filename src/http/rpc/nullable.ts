import { Type, type Static, type TSchema } from 'typebox';

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
