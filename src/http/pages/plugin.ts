import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/index.js';
import { errorHandler } from '../errors.js';
import { autoLoginPage } from './auto-login-page.js';
import { invoicePage } from './invoice-page.js';
import { sendError } from './page.js';

/** Pages for people outside the two API dialects: public invoices and login-link redemption. */
export async function pagesPlugin(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.setErrorHandler(errorHandler(sendError));
  await app.register(invoicePage, { services });
  await app.register(autoLoginPage, { services });
}
