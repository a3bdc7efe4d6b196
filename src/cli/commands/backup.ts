import { createWriteStream } from 'node:fs';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { openDatabase } from '../../data/database.js';
import { DataDirInUseError } from '../../data/data-dir-lock.js';
import { requestBackup } from '../../http/backup-socket.js';
import { progressBar } from '../progress.js';
import { CliError, ExitCode } from '../exit-codes.js';
import type { CommandKit } from '../kit.js';
import { configOf, openConfiguredDatabase } from '../session.js';

/**
 * `tenantry backup|restore`: the embedded engine's whole data directory as one file (PGlite's `dumpDataDir`, a
 * tar archive), and a data directory made again from one. A running server holds the directory, and a second
 * process must not open it (docs/operations.md, "Backups"): beside a running server the backup is asked of the
 * server itself, over its backup socket, and taken while it serves. A restore needs the server stopped.
 * PostgreSQL is backed up with its own tools (pg_dump, base backups and WAL archiving).
 */
export function registerBackup(program: Command, kit: CommandKit): void {
  program
    .command('backup')
    .description('write the embedded database (DATA_DIR) to a file; beside a running server, the server takes it while it serves')
    .argument('<file>', 'the backup to write (a tar archive; readable by its owner only)')
    .option('--force', 'replace the file if it exists')
    .action(async (file: string, options: { force?: boolean }, command: Command) => {
      const config = configOf(kit.terminal);
      if (config.databaseUrl) throw new CliError('DATABASE_URL is set: back PostgreSQL up with pg_dump or base backups (docs/operations.md).', ExitCode.usage);
      if (!options.force && (await exists(file))) throw new CliError(`${file} exists; add --force to replace it.`, ExitCode.usage);
      if (!kit.terminal.openDatabase && !(await exists(config.dataDir))) throw new CliError(`There is no embedded database in ${config.dataDir}.`, ExitCode.notFound);
      const partial = `${file}.partial-${process.pid}`;
      let bytes: number;
      let online = false;
      try {
        const database = await openConfiguredDatabase(kit.terminal, config).catch(async (error: unknown) => {
          if (!(error instanceof DataDirInUseError)) throw error;
          // The server that holds the directory takes the backup itself, between two of its transactions.
          const served = await requestBackup(config.dataDir).catch((failure: unknown) => {
            throw new CliError(`The running server could not take the backup: ${failure instanceof Error ? failure.message : String(failure)}.`);
          });
          if (!served) inUse(error, 'It takes no online backups (no backup socket beside DATA_DIR; see its log): stop it first.');
          const progress = progressBar(kit.terminal, 'Backing up', Number(served.headers['content-length']) || undefined, 'bytes');
          let received = 0;
          served.on('data', (chunk: Buffer) => progress.update((received += chunk.length)));
          await pipeline(served, createWriteStream(partial, { mode: 0o600 })).finally(() => progress.stop());
          online = true;
          return undefined;
        });
        if (database) {
          try {
            const dump = await database.dump!();
            await writeFile(partial, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
          } finally {
            await database.close();
          }
        }
        bytes = (await stat(partial)).size;
        await rename(partial, file);
      } finally {
        await rm(partial, { force: true });
      }
      kit.output(command).result({ file, bytes, dataDir: config.dataDir, online }, (r) =>
        `Backed up ${r.dataDir} to ${r.file} (${r.bytes} bytes)${r.online ? ', taken by the running server' : ''}.`,
      );
    });

  program
    .command('restore')
    .description('make the embedded database (DATA_DIR) again from a backup; the server must be stopped')
    .argument('<file>', 'a file written by tenantry backup')
    .option('--force', 'DATA_DIR holds a database: move it aside (to DATA_DIR.before-restore-…) and restore')
    .action(async (file: string, options: { force?: boolean }, command: Command) => {
      const config = configOf(kit.terminal);
      if (config.databaseUrl) throw new CliError('DATABASE_URL is set: restore PostgreSQL with pg_restore or psql (docs/operations.md).', ExitCode.usage);
      if (config.dataDir.startsWith('memory://')) throw new CliError('DATA_DIR is in memory; set it to a directory.', ExitCode.usage);
      const backup = await readFile(file).catch(() => {
        throw new CliError(`Cannot read ${file}.`, ExitCode.usage);
      });
      let movedAside: string | undefined;
      if (await holdsFiles(config.dataDir)) {
        if (!options.force) throw new CliError(`${config.dataDir} holds a database; add --force to move it aside and restore.`, ExitCode.conflict);
        // Opening it proves no server holds it; only then is it moved.
        await (await openDatabase({ dataDir: config.dataDir, embeddedFsync: false }).catch(inUse)).close();
        movedAside = `${config.dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        await rename(config.dataDir, movedAside);
      }
      try {
        const database = await openDatabase({ dataDir: config.dataDir, embeddedTemplate: new Blob([backup]), embeddedFsync: config.embeddedFsync });
        await database.ping();
        await database.close();
      } catch (error) {
        await rm(config.dataDir, { recursive: true, force: true });
        if (movedAside) await rename(movedAside, config.dataDir);
        throw new CliError(`${file} is not a backup this version can restore (${error instanceof Error ? error.message : String(error)}); nothing was changed.`, ExitCode.usage);
      }
      kit.output(command).result({ file, dataDir: config.dataDir, movedAside: movedAside ?? null }, (r) =>
        `Restored ${r.dataDir} from ${r.file}.${r.movedAside ? ` The database that was there is in ${r.movedAside}.` : ''} Start the server to migrate it if it is older than this version.`,
      );
    });
}

function inUse(error: unknown, what = 'Stop the server first.'): never {
  if (error instanceof DataDirInUseError) throw new CliError(`${error.message} ${what}`, ExitCode.conflict);
  throw error;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false);
}

async function holdsFiles(dir: string): Promise<boolean> {
  return readdir(dir).then((names) => names.length > 0, () => false);
}
