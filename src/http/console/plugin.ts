import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/index.js';
import { consoleFiles } from './console-files.js';
import { signupRoutes } from './signup-routes.js';

/** The web console and the sign-up pages: a single-page app over the public APIs, and the sign-up routes behind it. */
export async function consolePlugin(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  await app.register(consoleFiles);
  await app.register(signupRoutes, { services });
}
