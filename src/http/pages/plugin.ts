import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/index.js';
import { toAppError } from '../errors.js';
import { autoLoginPage } from './auto-login-page.js';
import { invoicePage } from './invoice-page.js';
import { sendError } from './page.js';

/** Pages for people outside the two API dialects: public invoices and login-link redemption. */
export async function pagesPlugin(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.code === 'internal') request.log.error({ err: error }, 'request failed');
    return sendError(request, reply, appError);
  });
  await app.register(invoicePage, { services });
  await app.register(autoLoginPage, { services });
}
