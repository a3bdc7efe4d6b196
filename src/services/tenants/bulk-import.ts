import { setImmediate as yieldToIo } from 'node:timers/promises';
import type { Config } from '../../config.js';
import type { Data, Queries } from '../../data/index.js';
import type { BulkTenant } from '../../data/tenant-bulk.js';
import { demand, HOST_TENANT_ID, type Caller } from '../../domain/caller.js';
import type { FieldProblem } from '../../domain/errors.js';
import { tenancyNameProblem } from '../../domain/tenancy-name.js';
import { recordAudit } from '../audit/record-audit.js';
import { eventMessage } from '../events/emit.js';
import { tenantEventData, userEventData } from '../events/payloads.js';
import { hashPassword, isArgon2Hash } from '../security/passwords.js';
import type { AccountPolicies } from '../settings/account-policies.js';
import type { HostConfiguration } from '../settings/host-configuration.js';
import type { PasswordComplexity } from '../../domain/password-policy.js';
import type { NewTenantInput, ReadProblems } from './tenant-input.js';
import { freeTenancyNames, freeTenantNumbers } from './bulk-import-names.js';
import { checkTenantCreation, planCreation, referencedPlanIds, unknownPlanProblems, type CheckedCreation, type CreationPlan } from './creation-rules.js';
import { TENANT_STATIC_ROLES } from './provisioning.js';
import { welcomeMail } from './welcome-mail.js';

export type { BulkTenantRow, BulkImportFormat } from './bulk-import-rows.js';
export { readTenantRows } from './bulk-import-rows.js';

/**
 * One row of a bulk import: a tenant to create as a single create takes it, with `passwordHash` (an argon2 PHC
 * string, in place of the admin's password, so a million admins need no million hashes; a row with a plain
 * password costs one hash) with the problems its reader found in it (`read`); or, for a row that could not be read
 * at all, its problems alone. Its number is the row's place in the file.
 */
export type TenantImportRow = { row: number; tenant: NewTenantInput; passwordHash?: string | undefined; read?: ReadProblems } | { row: number; problems: readonly FieldProblem[] };

/** A bulk import of many tenants. */
export interface TenantImport {
  /** The rows in file order (the REST resource's reader, `restTenantRows`, reads them from a file's records). */
  rows: AsyncIterable<TenantImportRow> | Iterable<TenantImportRow>;
  /** Tenants written per batch (a handful of statements each); 1 to 5,000, 1,000 unless given. */
  batchSize?: number;
  /** Write `Tenant.Created` and `User.CreatedOrUpdated` for each tenant, as a single create does; on unless false. */
  emitEvents?: boolean;
  /** Check and write every row, report, then roll everything back. */
  dryRun?: boolean;
  /** Who runs the import, for the audit entry: `cli`, `bench`… */
  surface?: string;
  /** Told after each batch written and every `batchSize` rows read; rows are committed only when the whole import is. */
  onProgress?: (progress: TenantImportProgress) => void;
}

export interface TenantImportProgress {
  read: number;
  imported: number;
  rejected: number;
}

/** A row left out, and why: one entry per problem, naming the field as its reader or the tenant use case does. */
export interface RejectedRow {
  row: number;
  field: string;
  message: string;
}

export interface TenantImportReport extends TenantImportProgress {
  /** The problems of the rejected rows, the first `MAX_REPORTED_PROBLEMS` of them. */
  problems: RejectedRow[];
  /** Whether more problems were found than `problems` holds. */
  problemsTruncated: boolean;
  dryRun: boolean;
  eventsEmitted: boolean;
  /** The first and last tenant id written (ids grow with the file's order), or null when none was. */
  firstTenantId: number | null;
  lastTenantId: number | null;
}

export const MAX_REPORTED_PROBLEMS = 10_000;

/** What the import needs from the rest of the service. */
export interface TenantImportContext {
  data: Data;
  hostConfiguration: HostConfiguration;
  config: Pick<Config, 'publicUrl'>;
  /** The host's password policy applies to a plain `password`, as in the REST create. */
  policies: AccountPolicies;
}

/** A row that passed the rules that need no database, waiting for its batch. */
interface PendingRow {
  row: number;
  checked: CheckedCreation;
  plan: CreationPlan;
  passwordHash?: string;
}

/** Rolls a dry run back after its report is complete. */
class DryRunRollback extends Error {}

/**
 * Imports many tenants at once, each checked by the rules of a single create (`checkTenantCreation`, the plan
 * catalogue, the packages, a free tenancy name and number, a free sub-domain) and written with what a single
 * create writes (registry row, settings, static roles, admin, packages, events, welcome mail).
 *
 * All or nothing per file: the whole import is one transaction, so a failure (a database error, a file that
 * is not CSV) leaves no tenant of it behind, and running a file again after a failure does not make
 * duplicates. Rows that break a rule are left out and reported; the others are imported. The audit log gets
 * one entry for the import (`tenants.imported`, under the host), not one per tenant.
 */
export async function importTenants(context: TenantImportContext, caller: Caller, input: TenantImport): Promise<TenantImportReport> {
  demand(caller, 'Tenants.Manage');
  const batchSize = Math.min(Math.max(Math.trunc(input.batchSize ?? 1000), 1), 5000);
  const emitEvents = input.emitEvents !== false;
  const enableSubDomains = (await context.hostConfiguration.current()).enableTenantSubDomains;
  const { passwordComplexity } = await context.policies.of(HOST_TENANT_ID);
  const report: TenantImportReport = {
    read: 0,
    imported: 0,
    rejected: 0,
    problems: [],
    problemsTruncated: false,
    dryRun: input.dryRun === true,
    eventsEmitted: emitEvents,
    firstTenantId: null,
    lastTenantId: null,
  };
  const reject = (row: number, problems: readonly FieldProblem[]) => {
    report.rejected++;
    for (const p of problems) {
      if (report.problems.length < MAX_REPORTED_PROBLEMS) report.problems.push({ row, field: p.field, message: p.message });
      else report.problemsTruncated = true;
    }
  };

  const writeBatch = async (tx: Queries, batch: PendingRow[]) => {
    const accepted = await batchProblems(tx, batch, reject);
    if (accepted.length > 0) {
      const names = await freeTenancyNames(tx, accepted.map((p) => p.plan.baseName));
      const numbers = await freeTenantNumbers(tx, accepted.length);
      // Plain passwords are hashed side by side (argon2 runs on its own threads); imported hashes are kept.
      const hashes = await Promise.all(accepted.map((p) => p.passwordHash ?? hashPassword(p.checked.admin.password!)));
      const rows: BulkTenant[] = [];
      const written: PendingRow[] = [];
      for (const [i, pending] of accepted.entries()) {
        const problem = tenancyNameProblem(names[i]!);
        if (problem) {
          reject(pending.row, [{ field: 'tenancyName', message: problem }]);
          continue;
        }
        const { provision } = pending.plan;
        written.push(pending);
        rows.push({
          tenant: { ...provision.details, tenancy_name: names[i]!, name: provision.name, number: numbers[i]!, created_by_user_id: caller.userId, owner_user_id: caller.userId, modified_by_user_id: caller.userId },
          settings: { defaultCountryCode: provision.settings?.defaultCountryCode ?? null, timezone: provision.settings?.timezone ?? null },
          admin: {
            user_name: 'admin',
            email: provision.admin.email,
            name: provision.admin.name ?? 'admin',
            surname: provision.admin.surname ?? 'admin',
            phone: provision.admin.phone ?? null,
            password_hash: hashes[i]!,
            must_change_password: provision.admin.mustChangePassword ?? false,
            is_email_confirmed: false,
          },
          packageIds: pending.checked.packageIds,
        });
      }
      const { tenants, admins } = await tx.tenantBulk.insert(rows, TENANT_STATIC_ROLES, caller.userId, emitEvents);
      const messages = tenants.flatMap((tenant, i) => [
        ...(emitEvents
          ? [
              eventMessage({ tenantId: tenant.id, type: 'Tenant.Created', data: tenantEventData(tenant) }),
              eventMessage({ tenantId: tenant.id, type: 'User.CreatedOrUpdated', data: userEventData(admins![i]!) }),
            ]
          : []),
        ...(written[i]!.checked.admin.sendWelcomeEmail ? [welcomeMail(context.config, tenant, written[i]!.checked.admin)] : []),
      ]);
      await tx.outbox.enqueueMany(messages);
      report.imported += tenants.length;
      if (tenants.length > 0) {
        report.firstTenantId ??= tenants[0]!.id;
        report.lastTenantId = tenants.at(-1)!.id;
      }
    }
    input.onProgress?.({ read: report.read, imported: report.imported, rejected: report.rejected });
  };

  try {
    await context.data.transaction(async (tx) => {
      let batch: PendingRow[] = [];
      // A batch is written while the next is read and checked: the database and the checks (phone numbers,
      // countries, zones) take turns no longer. One batch is written at a time, in order, on the one transaction.
      let writing: Promise<void> = Promise.resolve();
      const write = async (rows: PendingRow[]) => {
        await writing;
        writing = writeBatch(tx, rows);
        // Its failure is awaited below or by the next batch; until then it must not count as unhandled.
        writing.catch(() => {});
      };
      try {
        for await (const row of input.rows) {
          report.read++;
          // Rows from memory never leave the loop: let the batch being written send its next statement.
          if (report.read % 50 === 0) await yieldToIo();
          if ('problems' in row) {
            reject(row.row, row.problems);
            continue;
          }
          const pending = checkRow(row.row, row.tenant, row.read ?? [], row.passwordHash, enableSubDomains, caller.userId, passwordComplexity);
          if ('problems' in pending) reject(row.row, pending.problems);
          else batch.push(pending);
          if (batch.length >= batchSize) {
            await write(batch);
            batch = [];
          } else if (report.read % batchSize === 0) {
            input.onProgress?.({ read: report.read, imported: report.imported, rejected: report.rejected });
          }
        }
        await write(batch);
        await writing;
      } catch (error) {
        // Nothing may run on the transaction after it is rolled back: let a batch being written finish first.
        await writing.catch(() => {});
        throw error;
      }
      await recordAudit(tx, caller, {
        tenantId: HOST_TENANT_ID,
        action: 'tenants.imported',
        details: {
          surface: input.surface ?? 'bulk',
          imported: report.imported,
          rejected: report.rejected,
          eventsEmitted: emitEvents,
          firstTenantId: report.firstTenantId,
          lastTenantId: report.lastTenantId,
        },
      });
      if (report.dryRun) throw new DryRunRollback();
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  return report;
}

function checkRow(row: number, tenant: NewTenantInput, read: ReadProblems, passwordHash: string | undefined, enableSubDomains: boolean, createdBy: number, complexity: PasswordComplexity): PendingRow | { problems: FieldProblem[] } {
  const { problems, checked } = checkTenantCreation(tenant, read, passwordHash !== undefined, complexity);
  if (passwordHash !== undefined && tenant.admin.password !== undefined) problems.push({ field: 'password', message: 'Give either a password or a password hash, not both.' });
  if (passwordHash !== undefined && !isArgon2Hash(passwordHash)) problems.push({ field: 'password_hash', message: 'Must be an argon2 hash in the PHC string format ($argon2id$v=19$m=…).' });
  if (problems.length > 0) return { problems };
  return { row, checked, plan: planCreation(checked, enableSubDomains, createdBy), ...(passwordHash ? { passwordHash } : {}) };
}

/**
 * The rules of a batch that need the database, one query each for the whole batch: plans and packages that
 * exist, sub-domains that are free (and not given twice). Returns the rows that pass; the others are rejected.
 */
async function batchProblems(tx: Queries, batch: readonly PendingRow[], reject: (row: number, problems: FieldProblem[]) => void): Promise<PendingRow[]> {
  if (batch.length === 0) return [];
  const plans = await tx.products.namesOf([...new Set(batch.flatMap((p) => referencedPlanIds(p.checked.details)))]);
  const packages = new Set(await tx.packages.existingIds([...new Set(batch.flatMap((p) => p.checked.packageIds))]));
  const subDomainOf = (p: PendingRow) => (p.plan.provision.details?.sub_domain as string | null | undefined)?.toLowerCase();
  const takenSubDomains = await tx.tenantBulk.takenSubDomains(batch.map(subDomainOf).filter((s): s is string => !!s));
  const accepted: PendingRow[] = [];
  for (const pending of batch) {
    const problems = unknownPlanProblems(pending.checked.details, plans);
    const unknown = pending.checked.packageIds.filter((id) => !packages.has(id));
    if (unknown.length > 0) problems.push({ field: 'packageIds', message: `There is no package with the installation id ${unknown.join(', ')}.` });
    const subDomain = subDomainOf(pending);
    if (subDomain && takenSubDomains.has(subDomain)) problems.push({ field: 'sub_domain', message: 'This sub-domain is already taken.' });
    if (problems.length > 0) {
      reject(pending.row, problems);
      continue;
    }
    if (subDomain) takenSubDomains.add(subDomain);
    accepted.push(pending);
  }
  return accepted;
}
