import { loadConfig } from '../../src/config.js';
import { migrateToLatest } from '../../src/data/migrator.js';
import { buildApp } from '../../src/app.js';
import { createData } from '../../src/data/index.js';
import { createLogger } from '../../src/http/logging.js';
import { SIGNUP_METHODS } from '../../src/http/console/signup-routes.js';
import { startServices } from '../../src/services/index.js';
import { openTestDatabase, postgresUrlFor, type TestEngine } from './engines.js';
import { HttpClient } from './http.js';
import { HOST_ADMIN_PASSWORD, UNLIMITED_RATES, type TestApp } from './test-app.js';
import { freePort } from './free-port.js';

/**
 * The service as an operator deploys it for the console: first started without sign-up, so the host admin can make
 * the sign-up pages' API key (restricted to the three onboarding methods), then started again on the same database
 * with `SIGNUP_API_KEY` set, as a restart with the new configuration would.
 */
export async function startConsoleApp(engine: TestEngine, env: Record<string, string> = {}): Promise<TestApp & { signupKey: string }> {
  const databaseUrl = engine.name === 'postgres' ? await postgresUrlFor(engine) : undefined;
  // A known port, so the links the service hands out (payment and login links) point at this very server.
  const port = await freePort();
  const baseEnv = {
    LOG_LEVEL: 'silent',
    ...UNLIMITED_RATES,
    ADMIN_PASSWORD: HOST_ADMIN_PASSWORD,
    ADMIN_EMAIL: 'host-admin@tenantry.test',
    TOKEN_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    DATA_DIR: 'memory://',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  };
  const database = await openTestDatabase(engine, { poolSize: 5, dataDir: 'memory://' });
  await migrateToLatest(database);

  const firstConfig = loadConfig(baseEnv);
  const first = await startServices(firstConfig, database, { log: createLogger(firstConfig) });
  const tokens = await first.services.auth.signIn({ userNameOrEmailAddress: 'admin', password: HOST_ADMIN_PASSWORD }, { clientIp: null, userAgent: null });
  const admin = await first.services.auth.callerFromBearer(tokens.accessToken!);
  const signupKey = await first.services.apiKeys.generate(admin, {
    name: 'sign-up pages',
    expirationDate: new Date(Date.now() + 86_400_000).toISOString(),
    paths: Object.values(SIGNUP_METHODS).join(','),
  });
  await first.internals.stop();

  const config = loadConfig({ ...baseEnv, SIGNUP_API_KEY: signupKey.key });
  const logger = createLogger(config);
  const { services, internals } = await startServices(config, database, { log: logger });
  const app = await buildApp({ services, logger });
  await app.listen({ port, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${port}`;
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
    signupKey: signupKey.key,
    async close() {
      await app.close();
      await internals.stop();
      await database.close();
    },
  };
}

