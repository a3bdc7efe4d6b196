import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Services } from '../services/index.js';

const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  database: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  engine: Type.String(),
  uptimeSeconds: Type.Integer(),
});

/** Liveness with a database check: 200 when the service can serve, 503 when its database cannot. */
export async function healthRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.get(
    '/health',
    { schema: { summary: 'Liveness and database check', tags: ['Operations'], response: { 200: HealthSchema, 503: HealthSchema } } },
    async (_request, reply) => {
      const health = await services.health();
      const status = health.database === 'ok' ? 'ok' : 'unavailable';
      return reply.status(status === 'ok' ? 200 : 503).send({ status, ...health, uptimeSeconds: Math.floor(process.uptime()) });
    },
  );
}
