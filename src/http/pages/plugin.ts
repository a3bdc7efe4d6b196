import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/index.js';
import { errorHandler } from '../errors.js';
import { autoLoginPage } from './auto-login-page.js';
import { invoicePage } from './invoice-page.js';
import { sendError } from './page.js';

/** Pages for people outside the two API dialects: public invoices and login-link redemption. */
export async function pagesPlugin(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.setErrorHandler(errorHandler(sendError));
  // The confirm page posts an HTML form; a field given twice keeps its first value.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, body, done) => {
    const fields: Record<string, string> = {};
    for (const [name, value] of new URLSearchParams(body as string)) fields[name] ??= value;
    done(null, fields);
  });
  await app.register(invoicePage, { services });
  await app.register(autoLoginPage, { services });
}
