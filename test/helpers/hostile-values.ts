import fc from 'fast-check';

/** A JSON schema as TypeBox writes it; only the keywords the generator reads. */
export interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  const?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  format?: string;
}

const INT4 = 2 ** 31;

/** Values an attacker tries in any field: out-of-range numbers, NULs, lone surrogates, wrong types, huge text. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(INT4, -INT4 - 1, 9_999_999_999, Number.MAX_SAFE_INTEGER, -1, 0, 1e308, -1e308, 0.5, 1e-7),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\u202e', '🙂', "' OR 1=1 --", '%00', '../../etc/passwd', '<x/>', '', ' ', 'null', '9999999999'),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 40 }),
  fc.constant('x'.repeat(5000)),
  fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), { maxKeys: 3 }),
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
);

/** A value of the schema's own shape (so the other fields of a request get past validation now and then). */
export function plausibleValue(schema: SchemaNode, depth = 0): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => plausibleValue(s, depth)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -INT4, -INT4), max: Math.min(schema.maximum ?? INT4 - 1, INT4 - 1) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'string':
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      return fc.string({ maxLength: Math.min(schema.maxLength ?? 24, 24) });
    case 'array':
      return depth > 3 ? fc.constant([]) : fc.array(plausibleValue(schema.items ?? {}, depth + 1), { maxLength: 2 });
    case 'object':
      return depth > 3 ? fc.constant({}) : hostileObject(schema, depth + 1);
    case 'null':
      return fc.constant(null);
    default:
      return hostileValue;
  }
}

/**
 * An object for the schema in which each field is absent, plausible or (less often) hostile, and which now and
 * then carries an unknown field: most requests then fail on one or two fields, and some get past validation.
 */
export function hostileObject(schema: SchemaNode, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const absent = fc.constant(undefined);
  const fields = Object.entries(schema.properties ?? {}).map(
    ([name, property]) =>
      [
        name,
        fc.oneof(
          { weight: 2, arbitrary: absent },
          { weight: 5, arbitrary: plausibleValue(property, depth) },
          { weight: 2, arbitrary: hostileValue },
        ),
      ] as const,
  );
  const known = fc.record(Object.fromEntries(fields), { requiredKeys: [] });
  const extraName = fc.constantFrom('unexpected', 'a\u0000b', '__proto__', 'constructor', 'x'.repeat(300));
  const extra = fc.oneof({ weight: 8, arbitrary: absent }, { weight: 1, arbitrary: fc.tuple(extraName, hostileValue) });
  return fc.tuple(known, extra).map(([record, unknown]) => {
    const object: Record<string, unknown> = Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
    if (unknown) Object.defineProperty(object, unknown[0], { value: unknown[1], enumerable: true, configurable: true, writable: true });
    return object;
  });
}

/** Percent-encodes a query-string value; a lone surrogate (which UTF-8 cannot carry) goes as its raw CESU-8 bytes. */
export function queryValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return [...text]
    .map((ch) => {
      try {
        return encodeURIComponent(ch);
      } catch {
        const code = ch.charCodeAt(0);
        return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
      }
    })
    .join('');
}

/** A query string for the arguments: arrays become repeated parameters, as clients send them. */
export function queryString(args: Record<string, unknown>): string {
  const pairs = Object.entries(args).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((v) => `${queryValue(name)}=${v === null ? '' : queryValue(v)}`),
  );
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}
