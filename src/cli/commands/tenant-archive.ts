import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { CliError, ExitCode } from '../exit-codes.js';
import { idArgument, type CommandKit } from '../kit.js';
import { table } from '../output.js';
import { progressBar } from '../progress.js';
import { bulkImportOptions, importTenantFile, type BulkImportOptions } from './bulk-import.js';

/** `tenantry tenants export|import`: one tenant's archive (docs/operations.md), and the bulk import of many. */
export function registerTenantFiles(tenants: Command, kit: CommandKit): void {
  tenants
    .command('export')
    .description("write one tenant's whole data (users with password hashes, keys' hashes, sessions, billing, audit log…) to an archive")
    .argument('<id>', 'tenant id', idArgument())
    .argument('<file>', 'the archive to write (JSON lines; readable by its owner only: it holds credentials)')
    .option('--force', 'replace the file if it exists')
    .action(async (id: number, file: string, options: { force?: boolean }, command: Command) => {
      if (!options.force && (await stat(file).then(() => true, () => false))) throw new CliError(`${file} exists; add --force to replace it.`, ExitCode.usage);
      // Written beside the target and renamed at the end: a failed export leaves no half archive behind.
      const partial = `${file}.partial-${process.pid}`;
      const out = createWriteStream(partial, { mode: 0o600 });
      const write = async (line: string) => {
        if (!out.write(`${line}\n`)) await once(out, 'drain');
      };
      const progress = progressBar(kit.terminal, `Exporting tenant ${id}`, undefined, 'rows');
      const written: Record<string, number> = {};
      const onRows = (tableName: string, count: number) => {
        written[tableName] = count;
        progress.update(Object.values(written).reduce((a, b) => a + b, 0), `${tableName}: ${count}`);
      };
      try {
        const counts = await kit.session(({ services, caller }) => services.tenantArchives.export(caller, id, write, onRows));
        out.end();
        await once(out, 'finish');
        await rename(partial, file);
        kit.output(command).result({ tenantId: id, file, counts }, (r) => `${countsTable(r.counts)}Tenant ${id} exported to ${file}.`);
      } catch (error) {
        out.destroy();
        await rm(partial, { force: true });
        throw error;
      } finally {
        progress.stop();
      }
    });

  bulkImportOptions(
    tenants
      .command('import')
      .description('import a tenant archive (all or nothing; refuses what is taken here), or with --bulk many tenants from CSV or JSON lines')
      .argument('<file>', 'a tenant archive, or with --bulk a CSV or JSON lines file')
      .option('--rename-tenancy <name>', "import the tenant under this tenancy name (its own is taken here)")
      .option('--bulk', 'the file holds many tenants, one per row (docs/bulk-import.md)'),
  ).action(async (file: string, options: BulkImportOptions & { bulk?: boolean; renameTenancy?: string }, command: Command) => {
    if (options.bulk) return importTenantFile(kit, command, file, options);
    const size = (await stat(file).catch(() => {
      throw new CliError(`Cannot read ${file}.`, ExitCode.usage);
    })).size;
    const progress = progressBar(kit.terminal, 'Importing', undefined, 'rows');
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    const imported = await kit
      .session(({ services, caller }) => services.tenantArchives.import(caller, lines, { renameTenancy: options.renameTenancy }, (rows) => progress.update(rows, `${size} bytes`)))
      .finally(() => {
        progress.stop();
        lines.close();
      });
    kit.output(command).result(imported, (r) => `${countsTable(r.counts)}Imported tenant ${r.tenantId} (${r.tenancyName}).`);
  });
}

function countsTable(counts: Record<string, number>): string {
  const rows = Object.entries(counts).filter(([, n]) => n > 0);
  return table(rows, [
    { heading: 'table', value: ([name]) => name },
    { heading: 'rows', value: ([, n]) => n },
  ]);
}
