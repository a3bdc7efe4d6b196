import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.js';
import { toJson, toXml, type RestElement } from './document.js';

export type RestFormat = 'xml' | 'json';

/**
 * Query parameters by lower-cased, trimmed name: AgileApps clients write `sortby` as well as `sortBy`, and the
 * spec's own sample search (`…'smith' & sortby='id'`) leaves a space before a parameter name.
 */
export function queryParams(request: FastifyRequest): Map<string, string | string[]> {
  const params = new Map<string, string | string[]>();
  for (const [name, value] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string' || Array.isArray(value)) params.set(name.trim().toLowerCase(), value as string | string[]);
  }
  return params;
}

/** The answer's format: `alt=json|xml` first, then the `Accept` header, and XML when neither says. */
export function responseFormat(request: FastifyRequest): RestFormat {
  const alt = queryParams(request).get('alt');
  const altValue = typeof alt === 'string' ? alt.trim().toLowerCase() : undefined;
  if (altValue === 'json' || altValue === 'xml') return altValue;
  return acceptedFormat(request.headers.accept);
}

/** Refuses an `alt` that is neither json nor xml (the answer saying so is in the `Accept` format). */
export function checkAlt(request: FastifyRequest): void {
  const alt = queryParams(request).get('alt');
  if (alt === undefined) return;
  if (typeof alt !== 'string' || !['json', 'xml'].includes(alt.trim().toLowerCase())) throw AppError.field('alt', 'alt must be json or xml.');
}

function acceptedFormat(accept: string | undefined): RestFormat {
  if (!accept) return 'xml';
  const ranges = accept
    .split(',')
    .map((part, index) => {
      const [type = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { type: type.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((range) => range.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { type } of ranges) {
    if (type === 'application/json' || type.endsWith('+json')) return 'json';
    if (type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml') || type === '*/*' || type === 'application/*') return 'xml';
  }
  return 'xml';
}

/** Sends `<platform>…</platform>` (or its JSON mirror) in the format the request asked for. */
export function sendPlatform(request: FastifyRequest, reply: FastifyReply, status: number, content: RestElement, strictJson = false) {
  const format = responseFormat(request);
  if (format === 'json') {
    return reply.status(status).type('application/json; charset=utf-8').send(toJson('platform', content, { strict: strictJson }));
  }
  return reply.status(status).type('application/xml; charset=utf-8').send(toXml('platform', content));
}

/** The platform's success message, with the new record's id after a create. */
export function successMessage(description = 'Success', id?: number): RestElement {
  return id === undefined ? { code: '0', description } : { code: '0', description, id: String(id) };
}
