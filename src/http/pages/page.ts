import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppError } from '../../domain/errors.js';
import { escapeHtml } from '../../domain/html.js';
import { httpStatus } from '../errors.js';
import { noStore } from '../no-store.js';
import { sendAbpError } from '../rpc/abp-body.js';

/** Whether the client asked for JSON (`Accept: application/json`) rather than a page for a person. */
export function wantsJson(request: FastifyRequest): boolean {
  const accept = (request.headers.accept ?? '').toLowerCase();
  return accept.includes('json') && !accept.includes('text/html');
}

/**
 * A small self-contained HTML page: inline styles only, nothing loaded from elsewhere, no inline script that runs. `body`
 * must already be escaped. Pages carry secrets or private data, so they are never cached; the security headers
 * of every answer (`security-headers.ts`: CSP, no referrer, nosniff, no framing) apply to them as to the rest.
 */
export function sendPage(reply: FastifyReply, status: number, title: string, body: string): FastifyReply {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 44rem; margin: 2rem auto; padding: 0 1rem; color: #1d2330; line-height: 1.5; }
h1 { font-size: 1.5rem; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid #dde1e8; }
td.amount, th.amount { text-align: right; white-space: nowrap; }
tr.total td { font-weight: bold; border-bottom: none; }
.status { display: inline-block; padding: .1rem .6rem; border-radius: 1rem; background: #eef1f6; }
.pay { display: inline-block; margin-top: 1rem; padding: .7rem 1.4rem; background: #2357d8; color: #fff; border-radius: .4rem; text-decoration: none; font-weight: bold; }
</style>
</head>
<body>
${body}
</body>
</html>
`;
  return noStore(reply).status(status).type('text/html; charset=utf-8').send(html);
}

/** An error as the client wants it: the ABP error body for JSON clients, a short page for people. */
export function sendError(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const status = httpStatus[error.code];
  if (wantsJson(request)) {
    return sendAbpError(noStore(reply), error);
  }
  return sendPage(reply, status, 'Sorry', `<h1>Sorry</h1>\n<p>${escapeHtml(error.message)}</p>`);
}
