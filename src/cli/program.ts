import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerAdmin } from './commands/admin.js';
import { registerBackup } from './commands/backup.js';
import { registerKeys } from './commands/keys.js';
import { registerMigrate } from './commands/migrate.js';
import { registerOutbox } from './commands/outbox.js';
import { registerServe } from './commands/serve.js';
import { registerTenants } from './commands/tenants.js';
import { exitCodeOf, oneLine } from './exit-codes.js';
import { commandKit } from './kit.js';
import type { Terminal } from './terminal.js';

/** The version in the package's package.json, found above this file (src/cli, dist/cli or a test build). */
function packageVersion(): string {
  for (let up = '../../'; up.length <= 15; up += '../') {
    try {
      const manifest = JSON.parse(readFileSync(new URL(`${up}package.json`, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'tenantry' && manifest.version) return manifest.version;
    } catch {
      // not at this level
    }
  }
  return 'unknown';
}

/** The whole `tenantry` command line; every command and group answers `--help`. */
export function buildProgram(terminal: Terminal): Command {
  const program = new Command('tenantry')
    .description('Operate a Tenantry installation: the server, its schema, tenants, keys, the outbox, backups.\nConfigured by the same environment as the server (DATA_DIR or DATABASE_URL, …).')
    .version(packageVersion(), '-V, --version')
    .option('--json', 'answer in JSON (one document on standard output), for scripts')
    .exitOverride()
    .configureOutput({ writeOut: (text) => terminal.stdout.write(text), writeErr: (text) => terminal.stderr.write(text) })
    .configureHelp({ showGlobalOptions: true })
    .showSuggestionAfterError(true);
  const kit = commandKit(terminal);
  registerServe(program, kit);
  registerMigrate(program, kit);
  registerAdmin(program, kit);
  registerTenants(program, kit);
  registerKeys(program, kit);
  registerOutbox(program, kit);
  registerBackup(program, kit);
  return program;
}

/**
 * Runs one command line and answers its exit status (see `ExitCode`). A failure is reported on standard error
 * as one plain line; commander reports its own usage errors the same way.
 */
export async function runCli(args: readonly string[], terminal: Terminal): Promise<number> {
  try {
    await buildProgram(terminal).parseAsync([...args], { from: 'user' });
    return 0;
  } catch (error) {
    if (!(error instanceof CommanderError)) terminal.stderr.write(`error: ${oneLine(error)}\n`);
    return exitCodeOf(error);
  }
}
