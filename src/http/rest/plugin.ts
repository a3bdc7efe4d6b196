import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/index.js';
import { errorHandler } from '../errors.js';
import { noteErrorCode } from '../metrics/request-metrics.js';
import { checkAlt, sendPlatform } from './formats.js';
import { platformError, unknownResource } from './platform-errors.js';
import { REST_BODY_LIMIT } from './resource.js';
import { sessionRoutes } from './routes/session.js';
import { tenantRoutes } from './routes/tenant.js';
import { timeZoneRoutes } from './routes/time-zones.js';
import { parseXmlPayload } from './xml-payload.js';

/**
 * The AgileApps REST dialect under `/networking/rest`: its own body parsers (XML and JSON only), its own
 * error rendering (`<platform><message><code>` with the platform's codes) and its resources.
 */
export async function restPlugin(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: REST_BODY_LIMIT }, app.getDefaultJsonParser('error', 'error'));
  app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'string', bodyLimit: REST_BODY_LIMIT }, (_request, body, done) => {
    try {
      done(null, parseXmlPayload(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  app.setErrorHandler(
    errorHandler((request, reply, error) => {
      const { status, code, description } = platformError(error);
      return sendPlatform(request, reply, status, { message: { code, description } });
    }),
  );
  app.setNotFoundHandler((request, reply) => {
    noteErrorCode(request, 'not_found');
    const { status, code, description } = platformError(unknownResource(request.method, request.url.split('?')[0]!.slice(0, 200)));
    return sendPlatform(request, reply, status, { message: { code, description } });
  });
  app.addHook('preHandler', async (request) => checkAlt(request));

  sessionRoutes(app, services);
  tenantRoutes(app, services);
  timeZoneRoutes(app, services);
}
