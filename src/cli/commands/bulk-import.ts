import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import type { Command } from 'commander';
import { readTenantRows, type BulkImportFormat } from '../../services/tenants/bulk-import.js';
import { restTenantRows } from '../../http/rest/tenant-import-rows.js';
import { restFieldOf } from '../../http/rest/tenant-fields.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { wholeNumber, type CommandKit } from '../kit.js';
import { table } from '../output.js';
import { progressBar } from '../progress.js';

/** How many rejected rows the human answer lists; `--json` answers every reported problem. */
const LISTED_PROBLEMS = 20;

export interface BulkImportOptions {
  format?: string;
  dryRun?: boolean;
  batchSize?: number;
  events: boolean;
}

/**
 * `tenantry tenants import --bulk FILE`: many tenants from CSV or JSON lines, through the bulk import use case
 * (docs/bulk-import.md), with a progress bar over the bytes read and a report of the rejected rows.
 */
export async function importTenantFile(kit: CommandKit, command: Command, file: string, options: BulkImportOptions): Promise<void> {
  const format = formatOf(file, options.format);
  const size = (await stat(file).catch(() => {
    throw new CliError(`Cannot read ${file}.`, ExitCode.usage);
  })).size;
  let bytes = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const progress = progressBar(kit.terminal, 'Importing', size, 'bytes');
  const report = await kit
    .session(({ services, caller }) =>
      services.tenantImport(caller, {
        rows: restTenantRows(readTenantRows(createReadStream(file).pipe(counted), format)),
        ...(options.batchSize ? { batchSize: options.batchSize } : {}),
        emitEvents: options.events,
        dryRun: options.dryRun ?? false,
        surface: 'cli',
        onProgress: (p) => progress.update(bytes, `${p.imported} imported, ${p.rejected} rejected`),
      }),
    )
    .finally(() => progress.stop());
  // The file's fields are the REST resource's, so its problems are named as the REST create names them.
  const problems = report.problems.map((p) => ({ ...p, field: restFieldOf(p.field) }));
  kit.output(command).result({ ...report, problems }, (r) => {
    const head = `${r.dryRun ? 'Checked (dry run, nothing kept)' : 'Imported'}: ${r.imported} of ${r.read} tenants; ${r.rejected} rows rejected.`;
    const listed = r.problems.slice(0, LISTED_PROBLEMS);
    const rest = r.problems.length - listed.length;
    return [
      head,
      listed.length ? `\n${table(listed, [{ heading: 'row', value: (p) => p.row }, { heading: 'field', value: (p) => p.field }, { heading: 'problem', value: (p) => p.message }])}` : '',
      rest > 0 || r.problemsTruncated ? `… and more problems (--json lists ${r.problems.length}).` : '',
    ].join('\n').trimEnd();
  });
}

/** Adds `--bulk`'s own options to `tenants import`. */
export function bulkImportOptions(command: Command): Command {
  return command
    .option('--format <csv|jsonl>', 'with --bulk: the file format (default: from the extension)')
    .option('--dry-run', 'with --bulk: check and write every row, report, then roll everything back')
    .option('--batch-size <n>', 'with --bulk: tenants written per batch (1 to 5,000)', wholeNumber(1))
    .option('--no-events', 'with --bulk: write no Tenant.Created / User.CreatedOrUpdated events');
}

function formatOf(file: string, given: string | undefined): BulkImportFormat {
  const format = given ?? (/\.csv$/i.test(file) ? 'csv' : /\.(jsonl|ndjson)$/i.test(file) ? 'jsonl' : undefined);
  if (format !== 'csv' && format !== 'jsonl') throw new CliError('Say the file format with --format csv or --format jsonl.', ExitCode.usage);
  return format;
}
