import type { Data, Queries } from '../../data/index.js';
import type { ArchivedRow } from '../../data/tenant-archive.js';
import { demand, type Caller } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import type { SubscriptionSecrets } from '../events/subscription-secrets.js';
import { revocation } from '../security/revocation.js';
import { ARCHIVED_TABLES, tenantColumnOf } from './archive-tables.js';

/** The archive's format name and version (docs/operations.md, "Tenant export and import"). */
export const ARCHIVE_FORMAT = 'tenantry.tenant-archive';
export const ARCHIVE_VERSION = 1;

/** The archive's first line: what it is, whose it is, and the columns each table's rows carry. */
export interface ArchiveHeader {
  format: typeof ARCHIVE_FORMAT;
  version: number;
  exportedAt: string;
  tenantId: number;
  tenancyName: string;
  columns: Record<string, string[]>;
}

/** Rows per table, as the last line of an archive states them and an import counts them. */
export type ArchiveCounts = Record<string, number>;

export interface ArchiveImportOptions {
  /** Import the tenant under this tenancy name instead of its own (which is taken here). */
  renameTenancy?: string | undefined;
}

type Line = { table: string; rows: ArchivedRow[] } | { end: true; counts: ArchiveCounts };

/**
 * One tenant's whole data as a versioned archive of JSON lines, and its import into another installation with
 * every credential still working: password hashes, API keys' hashes (a key's text names its tenant and id, so
 * both keep their numbers) and sessions with their refresh tokens move as they are. Webhook signing secrets are
 * sealed under each installation's own key: the archive carries them open, and the import seals them again.
 * The archive therefore is a secret in itself (docs/operations.md).
 */
export class TenantArchives {
  constructor(
    private readonly data: Data,
    private readonly secrets: SubscriptionSecrets,
  ) {}

  /** Writes the archive line by line from one consistent snapshot; `write` is awaited, so a slow disk slows the read. */
  async export(caller: Caller, tenantId: number, write: (line: string) => Promise<void>, onRows?: (table: string, count: number) => void): Promise<ArchiveCounts> {
    demand(caller, 'Tenants.Manage');
    return this.data.transaction(async (tx) => {
      await tx.tenantArchive.readFromOneSnapshot();
      const tenant = await tx.tenants.findAny(tenantId);
      if (!tenant) throw AppError.notFound(`Tenant ${tenantId}`);
      const columns: Record<string, string[]> = {};
      for (const table of ARCHIVED_TABLES) columns[table] = await tx.tenantArchive.writableColumns(table);
      const header: ArchiveHeader = { format: ARCHIVE_FORMAT, version: ARCHIVE_VERSION, exportedAt: new Date().toISOString(), tenantId, tenancyName: tenant.tenancy_name, columns };
      await write(JSON.stringify(header));
      const counts: ArchiveCounts = {};
      for (const table of ARCHIVED_TABLES) {
        counts[table] = 0;
        for await (const page of tx.tenantArchive.rows(table, tenantColumnOf(table), tenantId)) {
          const rows = table === 'event_subscriptions' ? page.map((row) => this.openSecret(row)) : page;
          await write(JSON.stringify({ table, rows }));
          counts[table] += rows.length;
          onRows?.(table, counts[table]);
        }
      }
      await write(JSON.stringify({ end: true, counts }));
      return counts;
    });
  }

  /**
   * Imports an archive in one transaction: all of it, or nothing when anything is wrong — another version, a
   * cut-off file, a tenancy name, tenant id or any row id that this installation already holds.
   */
  async import(caller: Caller, lines: AsyncIterable<string>, options: ArchiveImportOptions = {}, onRows?: (count: number) => void): Promise<{ tenantId: number; tenancyName: string; counts: ArchiveCounts }> {
    demand(caller, 'Tenants.Manage');
    const iterator = lines[Symbol.asyncIterator]();
    const header = readHeader(await iterator.next());
    return this.data.transaction(async (tx) => {
      await refuseUnknownColumns(tx, header);
      const counts: ArchiveCounts = Object.fromEntries(ARCHIVED_TABLES.map((table) => [table, 0]));
      let tenancyName = header.tenancyName;
      let ended: ArchiveCounts | undefined;
      let total = 0;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        if (ended) throw archiveProblem('The archive goes on after its end line.');
        const line = parseLine(next.value);
        if ('end' in line) {
          ended = line.counts;
          continue;
        }
        if (!(ARCHIVED_TABLES as readonly string[]).includes(line.table)) throw archiveProblem(`The archive holds rows of an unknown table "${line.table}".`);
        let rows = line.rows.map((row) => (line.table === 'event_subscriptions' ? this.sealSecret(row) : row));
        if (rows.some((row) => row[tenantColumnOf(line.table)] !== header.tenantId)) throw archiveProblem(`Rows of ${line.table} belong to another tenant than the archive's.`);
        if (line.table === 'tenants') {
          tenancyName = options.renameTenancy ?? tenancyName;
          rows = rows.map((row) => ({ ...row, tenancy_name: tenancyName }));
          await refuseTakenTenant(tx, header.tenantId, tenancyName, options.renameTenancy !== undefined);
        }
        await refuseTakenIds(tx, line.table, rows);
        await tx.tenantArchive.insertRows(line.table, header.columns[line.table]!, rows);
        counts[line.table] = (counts[line.table] ?? 0) + rows.length;
        total += rows.length;
        onRows?.(total);
      }
      if (!ended) throw archiveProblem('The archive is cut off: its end line is missing.');
      for (const table of ARCHIVED_TABLES) {
        if ((counts[table] ?? 0) !== (ended[table] ?? 0)) throw archiveProblem(`The archive is damaged: ${table} holds ${counts[table] ?? 0} rows, its end line says ${ended[table] ?? 0}.`);
      }
      if (!counts.tenants) throw archiveProblem('The archive holds no tenant.');
      for (const table of ARCHIVED_TABLES) await tx.tenantArchive.advanceIdentities(table);
      // This installation may once have blocked a tenant of the same id (deleted, then purged).
      await revocation.unblockTenant(tx, header.tenantId);
      await recordAudit(tx, caller, {
        tenantId: header.tenantId,
        action: 'tenant.imported',
        target: `tenant:${header.tenantId}`,
        details: { tenancyName, from: header.tenancyName, exportedAt: header.exportedAt, rows: total },
      });
      return { tenantId: header.tenantId, tenancyName, counts };
    });
  }

  private openSecret(row: ArchivedRow): ArchivedRow {
    const { secret_ciphertext: sealed, ...rest } = row;
    return { ...rest, secret: this.secrets.open(Buffer.from(String(sealed).slice(2), 'hex')) };
  }

  private sealSecret(row: ArchivedRow): ArchivedRow {
    const { secret, ...rest } = row;
    if (typeof secret !== 'string') throw archiveProblem('An event subscription of the archive has no secret.');
    return { ...rest, secret_ciphertext: `\\x${this.secrets.seal(secret).toString('hex')}` };
  }
}

function archiveProblem(message: string): AppError {
  return AppError.field('archive', message);
}

function readHeader(first: IteratorResult<string>): ArchiveHeader {
  if (first.done) throw archiveProblem('The archive is empty.');
  let header: Partial<ArchiveHeader>;
  try {
    header = JSON.parse(first.value) as Partial<ArchiveHeader>;
  } catch {
    throw archiveProblem('This is not a tenant archive (its first line is not JSON).');
  }
  if (header.format !== ARCHIVE_FORMAT) throw archiveProblem('This is not a tenant archive.');
  if (header.version !== ARCHIVE_VERSION) throw archiveProblem(`The archive is of version ${header.version}; this installation reads version ${ARCHIVE_VERSION}.`);
  if (!Number.isSafeInteger(header.tenantId) || typeof header.tenancyName !== 'string' || typeof header.columns !== 'object' || !header.columns) {
    throw archiveProblem('The archive header is incomplete.');
  }
  return header as ArchiveHeader;
}

function parseLine(text: string): Line {
  let line: unknown;
  try {
    line = JSON.parse(text);
  } catch {
    throw archiveProblem('The archive holds a line that is not JSON (a damaged or cut-off file).');
  }
  const value = line as Partial<{ table: string; rows: ArchivedRow[]; end: true; counts: ArchiveCounts }>;
  if (value.end === true && typeof value.counts === 'object') return { end: true, counts: value.counts };
  if (typeof value.table === 'string' && Array.isArray(value.rows)) return { table: value.table, rows: value.rows };
  throw archiveProblem('The archive holds a line of an unknown kind.');
}

/** An archive from a newer schema may carry columns this one lacks: refused, rather than silently dropped. */
async function refuseUnknownColumns(tx: Queries, header: ArchiveHeader): Promise<void> {
  for (const table of ARCHIVED_TABLES) {
    const here = new Set(await tx.tenantArchive.writableColumns(table));
    const missing = (header.columns[table] ?? []).filter((column) => !here.has(column));
    if (missing.length > 0) throw archiveProblem(`This installation's ${table} lacks the columns ${missing.join(', ')}; upgrade it (tenantry migrate) first.`);
  }
}

async function refuseTakenTenant(tx: Queries, tenantId: number, tenancyName: string, renamed: boolean): Promise<void> {
  const holder = await tx.tenants.findAny(tenantId);
  if (holder) {
    throw AppError.conflict(`Tenant id ${tenantId} is taken here (by "${holder.tenancy_name}"); API keys and refresh tokens name their tenant's id, so it cannot change.`, [{ field: 'tenantId', message: 'taken' }]);
  }
  if (await tx.tenants.findByTenancyName(tenancyName)) {
    const hint = renamed ? '' : '; import it under another one with --rename-tenancy NAME';
    throw AppError.conflict(`The tenancy name "${tenancyName}" is taken here${hint}.`, [{ field: 'tenancyName', message: 'taken' }]);
  }
}

/** Ids are global identities (host operators address users and keys by id alone): an id held here by anyone is a conflict. */
async function refuseTakenIds(tx: Queries, table: string, rows: readonly ArchivedRow[]): Promise<void> {
  if (table === 'tenants' || rows.length === 0 || !('id' in rows[0]!) || typeof rows[0]!.id !== 'number') return;
  const taken = await tx.tenantArchive.takenIds(table, rows.map((row) => row.id as number));
  if (taken.length > 0) throw AppError.conflict(`The ids ${taken.join(', ')} of ${table} are taken in this installation.`, [{ field: table, message: 'ids taken' }]);
}
