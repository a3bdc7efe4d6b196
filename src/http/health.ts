import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Services } from '../services/index.js';

const ReadinessSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  database: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  engine: Type.String(),
  uptimeSeconds: Type.Integer(),
});

const LivenessSchema = Type.Object({ status: Type.Literal('ok'), uptimeSeconds: Type.Integer() });

/**
 * Liveness and readiness, as orchestrators probe them: `/health/live` answers while the process can serve HTTP at
 * all (restart it when it does not); `/health/ready` and `/health` answer 503 while the database is unreachable or
 * does not answer within two seconds (send it no traffic, but do not restart it: it recovers by itself).
 */
export async function healthRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.get(
    '/health/live',
    { schema: { summary: 'Liveness: the process serves HTTP', tags: ['Operations'], response: { 200: LivenessSchema } } },
    async () => ({ status: 'ok' as const, uptimeSeconds: Math.floor(process.uptime()) }),
  );
  const readiness = {
    schema: { summary: 'Readiness: the database answers', tags: ['Operations'], response: { 200: ReadinessSchema, 503: ReadinessSchema } },
  };
  for (const url of ['/health', '/health/ready']) {
    app.get(url, readiness, async (_request, reply) => {
      const health = await services.health();
      const status = health.database === 'ok' ? 'ok' : 'unavailable';
      if (status !== 'ok') void reply.header('retry-after', '5');
      return reply.status(status === 'ok' ? 200 : 503).send({ status, ...health, uptimeSeconds: Math.floor(process.uptime()) });
    });
  }
}
