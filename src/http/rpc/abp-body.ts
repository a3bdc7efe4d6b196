import type { FastifyReply } from 'fastify';
import type { AppError } from '../../domain/errors.js';
import { httpStatus } from '../errors.js';
import { noteErrorCode } from '../metrics/request-metrics.js';

/** The body of an ABP error answer, always in the envelope (COMPAT-NOTES A). */
export function abpErrorBody(error: AppError) {
  const status = httpStatus[error.code];
  const validationErrors = error.fields.length > 0 ? error.fields.map((f) => ({ message: f.message, members: [f.field] })) : null;
  const details =
    error.code === 'validation' && error.fields.length > 0
      ? `The following errors were detected during validation.\r\n${error.fields.map((f) => ` - ${f.message}`).join('\r\n')}\r\n`
      : (error.details ?? null);
  return {
    result: null,
    targetUrl: null,
    success: false,
    error: { code: status, message: error.message, details, validationErrors },
    unAuthorizedRequest: status === 401,
    __abp: true,
  };
}

/** Answers an error in the ABP dialect, with the status its code maps to. */
export function sendAbpError(reply: FastifyReply, error: AppError): FastifyReply {
  noteErrorCode(reply.request, error.code);
  return reply.status(httpStatus[error.code]).type('application/json; charset=utf-8').send(abpErrorBody(error));
}

/** Wraps an already-serialised result in ABP's success envelope without serialising it twice. */
export function abpSuccessEnvelope(serialisedResult: string): string {
  return `{"result":${serialisedResult},"targetUrl":null,"success":true,"error":null,"unAuthorizedRequest":false,"__abp":true}`;
}

/** The opt-in per request: `Abp-Envelope: true|false` overrides the server's ABP_ENVELOPE setting. */
export function wantsEnvelope(header: string | string[] | undefined, serverDefault: boolean): boolean {
  const value = (Array.isArray(header) ? header[0] : header)?.trim().toLowerCase();
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return serverDefault;
}
