import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import type { FieldProblem } from '../domain/errors.js';

/**
 * Turns schema validation failures into field problems with the caller's own field paths
 * (`products[0].productId`), one per field.
 */
export function fieldProblems(errors: readonly FastifySchemaValidationError[]): FieldProblem[] {
  const problems = new Map<string, string>();
  for (const error of errors) {
    const params = error.params as Record<string, unknown>;
    const segments = error.instancePath.split('/').filter(Boolean);
    if (typeof params.missingProperty === 'string') segments.push(params.missingProperty);
    if (typeof params.additionalProperty === 'string') segments.push(params.additionalProperty);
    const field = segments.reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment), '');
    const name = field || '(body)';
    if (problems.has(name)) continue;
    problems.set(name, describe(name, error, params));
  }
  return [...problems].map(([field, message]) => ({ field, message }));
}

function describe(field: string, error: FastifySchemaValidationError, params: Record<string, unknown>): string {
  if (typeof params.missingProperty === 'string') return `The ${field} field is required.`;
  if (typeof params.additionalProperty === 'string') return `The ${field} field is not recognised.`;
  return `The field ${field} ${error.message ?? 'is not valid'}.`;
}
