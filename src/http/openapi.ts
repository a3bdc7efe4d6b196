import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** OpenAPI 3.1 generated from the route schemas, at `/openapi.json`, with a browsable reference at `/docs`. */
export const openApi = fp(
  async (app: FastifyInstance) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Tenantry',
          version: '0.1.0',
          description:
            'Tenant registry and account backbone. Two API dialects over one core: the Upgrade.chat / ASP.NET Zero JSON RPC ' +
            'dialect under `/api/services/{Module}/{Service}/{Method}` and the AgileApps REST tenant resource under `/networking/rest/tenant`.',
        },
        components: {
          securitySchemes: {
            bearer: { type: 'http', scheme: 'bearer', description: 'An access token from /api/TokenAuth/Authenticate, or an API key.' },
            apiKey: { type: 'apiKey', in: 'header', name: 'api-key' },
            session: { type: 'apiKey', in: 'cookie', name: 'JSESSIONID' },
          },
        },
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'openapi' },
);
