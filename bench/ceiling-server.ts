/**
 * The ceilings the workloads are measured against, each a bare Fastify server (no plugins, no authentication):
 * `CEILING=http` answers a constant JSON document; `CEILING=db` answers one primary-key `SELECT` of a tenant,
 * through the product's own driver and pool (`openDatabase`, `DATABASE_POOL_SIZE`). `WORKERS` > 1 forks that many
 * processes with node:cluster, as the product's server does.
 */
import cluster from 'node:cluster';
import Fastify from 'fastify';
import { openDatabase } from '../src/data/database.js';

const workers = Number(process.env.WORKERS ?? 1);
const CONSTANT = { id: 1, tenancyName: 'ceiling', name: 'A constant document', isActive: true };

async function serve(): Promise<void> {
  const app = Fastify({ logger: false });
  app.get('/health/ready', async () => ({ ok: true }));
  if (process.env.CEILING === 'db') {
    const database = await openDatabase({
      databaseUrl: process.env.DATABASE_URL,
      dataDir: process.env.DATA_DIR ?? './data',
      poolSize: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      embeddedFsync: false,
    });
    app.get<{ Params: { id: string } }>('/tenant/:id', async (request, reply) => {
      const row = await database.db.selectFrom('tenants').selectAll().where('id', '=', Number(request.params.id)).executeTakeFirst();
      return row ?? reply.code(404).send({ error: 'not found' });
    });
    process.once('SIGTERM', () => void app.close().then(() => database.close()).then(() => process.exit(0)));
  } else {
    app.get('/tenant/:id', async () => CONSTANT);
    process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
  }
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
}

if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
  process.once('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    process.exit(0);
  });
} else {
  await serve();
}
