import { Type, type TSchema } from 'typebox';

/**
 * An input field that may be missing or null (clients generated for ABP send null for every empty field).
 * Rules beyond the type are the service's, so one 400 can name every problem of a request.
 */
export function optional<T extends TSchema>(schema: T, description?: string) {
  return Type.Optional(Type.Union([schema, Type.Null()], description ? { description } : {}));
}

/** An output field that is null when it has no value. */
export function orNull<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}
