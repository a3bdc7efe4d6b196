import { buildApp } from './app.js';
import type { Config } from './config.js';
import { openDatabase } from './data/database.js';
import { migrateToLatest } from './data/migrator.js';
import { createLogger } from './http/logging.js';
import { startServices } from './services/index.js';

/**
 * Opens and migrates the database, starts the services and listens; SIGTERM and SIGINT drain requests, stop the
 * background work and close the database before the process exits. Shared by `npm start` and `tenantry serve`.
 */
export async function runServer(config: Config): Promise<void> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    readUrl: config.databaseReadUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    timeouts: config.databaseTimeouts,
    embeddedFsync: config.embeddedFsync,
    embeddedSharedBuffersMb: config.embeddedSharedBuffersMb,
  });
  await migrateToLatest(database);
  const logger = createLogger(config);
  const { services, internals, generatedAdminPassword } = await startServices(config, database, { log: logger });
  const app = await buildApp({ services, logger });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: draining requests');
    try {
      await app.close();
      await internals.stop();
      await database.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  const engine = database.engine === 'pglite' ? `embedded PostgreSQL in ${config.dataDir}` : 'PostgreSQL server';
  app.log.info({ engine: database.engine }, `Tenantry listening on ${config.publicUrl} (${engine})`);
  if (generatedAdminPassword) {
    // Printed once, on the first start only; it is not logged as a structured field so no log shipper keeps it.
    process.stdout.write(
      `\n  Host admin created. Sign in as user "admin" with password: ${generatedAdminPassword}\n  (shown once; set ADMIN_PASSWORD to choose it)\n\n`,
    );
  }
}
