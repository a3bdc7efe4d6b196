import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Database } from '../../src/data/database.js';
import { createData, type Data } from '../../src/data/index.js';
import { migrateToLatest } from '../../src/data/migrator.js';
import { createLogger } from '../../src/http/logging.js';
import { startServices, type ServiceDependencies, type ServiceInternals, type Services } from '../../src/services/index.js';
import { PrometheusMetrics } from '../../src/services/metrics/prometheus-metrics.js';
import { openTestDatabase, postgresUrlFor, type TestEngine } from './engines.js';
import { HttpClient } from './http.js';
import { recorded } from './statement-log.js';

/** The rate limits a test app raises out of reach; tests of the limits set low ones. */
const UNLIMITED_NAMES = [
  'RATE_LIMIT_PER_MINUTE', 'RATE_LIMIT_PER_DAY', 'RATE_LIMIT_IP_PER_MINUTE', 'RATE_LIMIT_IP_PER_DAY', 'SIGN_IN_LIMIT_PER_MINUTE', 'SIGN_IN_IP_LIMIT_PER_MINUTE',
  'ACCOUNT_MAIL_LIMIT_PER_HOUR',
];
export const UNLIMITED_RATES: Record<string, string> = Object.fromEntries(UNLIMITED_NAMES.map((name) => [name, '1000000000']));

/** The host admin's password in every test database. */
export const HOST_ADMIN_PASSWORD = 'Host-admin-pass-1';

export interface TestApp {
  engine: TestEngine;
  config: Config;
  database: Database;
  /** Direct data access, for medium-tier tests and for checking what a request really stored. */
  data: Data;
  services: Services;
  /** The background machinery (revocation gate, outbox), for tests that drive it directly. */
  internals: ServiceInternals;
  app: FastifyInstance;
  /** Base URL of the real listening server. */
  url: string;
  http: HttpClient;
  close(): Promise<void>;
}

/**
 * Starts the whole service on a real port over a fresh embedded database (PGlite) or this test file's PostgreSQL
 * database. Tests create their own tenants and users with random names, so they never wipe shared state.
 */
export async function startTestApp(
  engine: TestEngine,
  env: Record<string, string> = {},
  dependencies: Omit<ServiceDependencies, 'log'> = {},
): Promise<TestApp> {
  const databaseUrl = engine.name === 'postgres' ? await postgresUrlFor(engine) : undefined;
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    // Tests make many requests with one key, one account and one address: limits out of the way unless a test sets them.
    ...UNLIMITED_RATES,
    ADMIN_PASSWORD: HOST_ADMIN_PASSWORD,
    ADMIN_EMAIL: 'host-admin@tenantry.test',
    TOKEN_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    DATA_DIR: 'memory://',
    PORT: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  });
  // With METRICS_ENABLED the app counts into its own registry, its statements timed as `runServer` times them.
  const metrics = config.metrics.enabled ? new PrometheusMetrics() : undefined;
  // A clone of the migrated template; migrating again is a no-op that proves the clone is current. The
  // configured URL and timeouts are used as they are, so a test may route the database through a fault proxy.
  const database = await openTestDatabase(engine, {
    poolSize: 5,
    dataDir: config.dataDir,
    timeouts: config.databaseTimeouts,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    ...(config.databaseReadUrl ? { readUrl: config.databaseReadUrl } : {}),
    ...(metrics ? { observeQuery: metrics.queryRan.bind(metrics) } : {}),
  });
  await migrateToLatest(database);
  const logger = createLogger(config);
  const { services, internals } = await startServices(config, recorded(database), { ...dependencies, log: logger, metrics });
  const app = await buildApp({ services, logger });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    engine,
    config,
    database,
    data: createData(database.db),
    services,
    internals,
    app,
    url,
    http: new HttpClient(url),
    async close() {
      await app.close();
      await internals.stop();
      await database.close();
    },
  };
}
