import { loadConfig, type Config } from '../config.js';
import { openDatabase, type Database } from '../data/database.js';
import { pendingMigrations } from '../data/migrator.js';
import { HOST_TENANT_ID, type Caller } from '../domain/caller.js';
import { hostAdminPermissions } from '../domain/permissions.js';
import { cliOrigin } from '../domain/request-origin.js';
import type { ServiceLog } from '../services/log.js';
import { startServices, type ServiceInternals, type Services } from '../services/index.js';
import { CliError } from './exit-codes.js';
import type { Terminal } from './terminal.js';

/** What a command works with: the server's own configuration, its database and its use cases. */
export interface CliSession {
  config: Config;
  database: Database;
  services: Services;
  internals: ServiceInternals;
  /** The host, acting through the CLI: audit entries name the CLI and the operating-system account. */
  caller: Caller;
}

/** The CLI's own user name in audit entries; it is no account anyone can sign in as. */
export const CLI_USER_NAME = 'tenantry-cli';

/** The configuration from the environment, exactly as the server reads it. */
export function configOf(terminal: Terminal): Config {
  return loadConfig(terminal.env);
}

/** Opens the configured database (the embedded one in DATA_DIR, or DATABASE_URL). */
export async function openConfiguredDatabase(terminal: Terminal, config: Config): Promise<Database> {
  if (terminal.openDatabase) return terminal.openDatabase(config);
  return openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: 2,
    timeouts: config.databaseTimeouts,
    embeddedFsync: config.embeddedFsync,
    embeddedSharedBuffersMb: config.embeddedSharedBuffersMb,
  });
}

/**
 * Runs `work` over the use cases, then stops them and closes the database. Background work (deliveries,
 * purges) is left to the servers; a database whose schema is behind is refused rather than migrated unasked.
 */
export async function withSession<T>(terminal: Terminal, work: (session: CliSession) => Promise<T>): Promise<T> {
  const config = configOf(terminal);
  const database = await openConfiguredDatabase(terminal, config);
  try {
    const pending = await pendingMigrations(database);
    if (pending.length > 0) {
      throw new CliError(`The database schema is behind this version (${pending.length} migrations pending); run "tenantry migrate" first.`);
    }
    const { services, internals, generatedAdminPassword } = await startServices(config, database, { log: stderrLog(terminal), background: false });
    if (generatedAdminPassword) {
      terminal.stderr.write(`Host admin created. Sign in as user "admin" with password: ${generatedAdminPassword} (shown once; set ADMIN_PASSWORD to choose it)\n`);
    }
    try {
      return await work({ config, database, services, internals, caller: cliCaller(terminal) });
    } finally {
      await internals.stop();
    }
  } finally {
    await database.close();
  }
}

function cliCaller(terminal: Terminal): Caller {
  return {
    userId: 0,
    tenantId: HOST_TENANT_ID,
    userName: CLI_USER_NAME,
    permissions: new Set(hostAdminPermissions),
    credential: 'cli',
    // The operator holds the configuration and the database itself: nothing a credential could bound.
    origin: 'password',
    from: cliOrigin(terminal.osUser),
  };
}

/** Problems the use cases absorb (a failed cache refresh) go to stderr as one line each. */
function stderrLog(terminal: Terminal): ServiceLog {
  const line = (level: string) => (details: Record<string, unknown>, message: string) => {
    const cause = details.err instanceof Error ? `: ${details.err.message}` : '';
    terminal.stderr.write(`${level}: ${message}${cause}\n`);
  };
  return { info: () => {}, warn: line('warning'), error: line('error') };
}
