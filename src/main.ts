import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './data/database.js';
import { migrateToLatest } from './data/migrator.js';
import { createLogger } from './http/logging.js';
import { startServices } from './services/index.js';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    timeouts: config.databaseTimeouts,
    embeddedFsync: config.embeddedFsync,
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

main().catch((error: unknown) => {
  process.stderr.write(`Tenantry failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
