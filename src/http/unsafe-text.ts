import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../domain/errors.js';

/** Nesting deeper than this is not walked further (a body is at most 1 MiB, so this bounds the work). */
const MAX_DEPTH = 64;

/**
 * The first field of `value` (or of its keys) holding text that PostgreSQL cannot store or that is not
 * well-formed Unicode: a NUL character, or a lone UTF-16 surrogate. Answers its path (`products[0].name`).
 */
export function unsafeTextField(value: unknown, path = '', depth = 0): string | undefined {
  if (typeof value === 'string') return isUnsafe(value) ? path || '(value)' : undefined;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unsafeTextField(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    if (isUnsafe(key)) return path || '(body)';
    const found = unsafeTextField(item, field, depth + 1);
    if (found) return found;
  }
  return undefined;
}

// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isUnsafe(text: string): boolean {
  return text.includes('\u0000') || LONE_SURROGATE.test(text);
}

/**
 * Refuses, in both dialects and before any handler, a query string, path parameter or body that carries a
 * NUL or a lone surrogate: a 400 naming the field (the dialect's error shape), instead of a database error.
 */
export const refuseUnsafeText = fp(
  async (app: FastifyInstance) => {
    app.addHook('preValidation', async (request: FastifyRequest) => {
      for (const part of [request.params, request.query, request.body]) {
        const field = unsafeTextField(part);
        if (field) throw AppError.field(field, `The ${field} field contains a NUL character or text that is not valid Unicode.`);
      }
    });
  },
  { name: 'refuse-unsafe-text' },
);
