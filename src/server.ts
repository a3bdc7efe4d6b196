import cluster from 'node:cluster';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { openDatabase } from './data/database.js';
import { migrateToLatest } from './data/migrator.js';
import { createLogger } from './http/logging.js';
import { listenForBackups, type BackupSocket } from './http/backup-socket.js';
import { listenForMetrics, type MetricsListener } from './http/metrics/metrics-listener.js';
import { startServices } from './services/index.js';
import { PrometheusMetrics } from './services/metrics/prometheus-metrics.js';

/**
 * Opens and migrates the database, starts the services and listens; SIGTERM and SIGINT drain requests, stop the
 * background work and close the database before the process exits. Shared by `npm start` and `tenantry serve`.
 */
export async function runServer(config: Config): Promise<void> {
  const metrics = config.metrics.enabled ? new PrometheusMetrics() : undefined;
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    readUrl: config.databaseReadUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    timeouts: config.databaseTimeouts,
    embeddedFsync: config.embeddedFsync,
    embeddedSharedBuffersMb: config.embeddedSharedBuffersMb,
    observeQuery: metrics && ((pool, seconds, failed) => metrics.queryRan(pool, seconds, failed)),
  });
  await migrateToLatest(database);
  const logger = createLogger(config);
  const { services, internals, generatedAdminPassword } = await startServices(config, database, { log: logger, metrics });
  const app = await buildApp({ services, logger });

  let metricsListener: MetricsListener | undefined;
  let backupSocket: BackupSocket | undefined;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: draining requests');
    try {
      await metricsListener?.close();
      await backupSocket?.close();
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
  // `tenantry backup` beside this server asks it for the dump: no second process may open the embedded database.
  if (database.dump && !config.dataDir.startsWith('memory://')) backupSocket = await listenForBackups(config.dataDir, () => database.dump!(), app.log);
  // Under WORKERS > 1 the primary serves the metrics port, with every worker's metrics summed (workers.ts).
  if (metrics && config.metrics.port !== undefined && !cluster.isWorker) {
    metricsListener = await listenForMetrics(config.metrics, config.metrics.port, () => metrics.exposition(), (error) => app.log.error({ err: error }, 'gathering the metrics failed'));
    app.log.info(`metrics on http://${config.metrics.host}:${metricsListener.port}/metrics`);
  }
  const engine = database.engine === 'pglite' ? `embedded PostgreSQL in ${config.dataDir}` : 'PostgreSQL server';
  app.log.info({ engine: database.engine }, `Tenantry listening on ${config.publicUrl} (${engine})`);
  if (generatedAdminPassword) {
    // Printed once, on the first start only; it is not logged as a structured field so no log shipper keeps it.
    process.stdout.write(
      `\n  Host admin created. Sign in as user "admin" with password: ${generatedAdminPassword}\n  (shown once; set ADMIN_PASSWORD to choose it)\n\n`,
    );
  }
}
