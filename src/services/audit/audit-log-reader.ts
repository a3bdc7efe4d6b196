import { Type, type Static } from 'typebox';
import type { AuditLogRow, AuditSortField } from '../../data/audit-log.js';
import type { Data } from '../../data/index.js';
import { demand, HOST_TENANT_ID, isHost, type Caller } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';
import { parseSorting } from '../sorting.js';
import { transactionFor } from '../tenant-transaction.js';
import { pagingArguments, sortingArgument, TenantId } from '../contract-fields.js';

const Summary = Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]);

/** One audit entry as `Platform/AuditLog/GetAuditLogs` answers it (after ASP.NET Zero's `AuditLogListDto`). */
export const AuditLogDtoSchema = Type.Object({
  id: Type.Integer(),
  /** null: the host's own entry. */
  tenantId: Type.Union([Type.Integer(), Type.Null()]),
  userId: Type.Union([Type.Integer(), Type.Null()], { description: 'Who acted; null for the system or an unknown person (a failed sign-in of no account).' }),
  userTenantId: Type.Union([Type.Integer(), Type.Null()], { description: 'The tenant of who acted; null for the host or the system.' }),
  userName: Type.Union([Type.String(), Type.Null()]),
  impersonatorUserId: Type.Union([Type.Integer(), Type.Null()], { description: 'Who was signed in as the user (impersonation); null otherwise.' }),
  impersonatorTenantId: Type.Union([Type.Integer(), Type.Null()], { description: "The impersonator's tenant; null for the host, or without impersonation." }),
  impersonatorUserName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String({ description: 'What happened, `subject.verb`: `user.updated`, `sign_in.failed`, `tenant.purged`…' }),
  target: Type.Union([Type.String(), Type.Null()], { description: 'What it concerns: `user:12`, `apikey:7`, `tenant:3`…' }),
  executionTime: Type.String({ format: 'date-time' }),
  clientIpAddress: Type.Union([Type.String(), Type.Null()], { description: 'Hidden from a tenant when someone outside it (the host) acted.' }),
  browserInfo: Type.Union([Type.String(), Type.Null()], { description: 'The user agent; hidden as the IP is.' }),
  before: Summary,
  after: Summary,
  details: Summary,
});
export type AuditLogDto = Static<typeof AuditLogDtoSchema>;

/** ABP's `GetAuditLogsInput`, in this product's terms: the action stands for ServiceName/MethodName. */
export const AuditLogQuerySchema = Type.Object({
  startDate: Type.Optional(Type.String({ maxLength: 40 })),
  endDate: Type.Optional(Type.String({ maxLength: 40 })),
  userName: Type.Optional(Type.String({ maxLength: 256 })),
  action: Type.Optional(Type.String({ maxLength: 128 })),
  target: Type.Optional(Type.String({ maxLength: 128 })),
  tenantId: Type.Optional(TenantId({ description: 'Host callers only: one tenant’s entries (0: the host’s own).' })),
  sorting: sortingArgument,
  ...pagingArguments,
});
export type AuditLogQuery = Static<typeof AuditLogQuerySchema>;

const SORT_FIELDS = ['executionTime', 'id', 'action', 'userName'] as const;
const COLUMN: Record<(typeof SORT_FIELDS)[number], AuditSortField> = { executionTime: 'at', id: 'id', action: 'action', userName: 'actor_user_name' };

/**
 * Reading the audit log (`AuditLogs.Read`): host callers read every tenant's entries, tenant callers their own
 * tenant's only. Nothing here changes or deletes an entry: the log is append-only (a trigger refuses it too).
 */
export class AuditLogReader {
  constructor(private readonly data: Data) {}

  async list(caller: Caller, query: AuditLogQuery): Promise<{ totalCount: number; items: AuditLogDto[] }> {
    demand(caller, 'AuditLogs.Read');
    const tenantId = this.tenantScope(caller, query.tenantId);
    const sort = parseSorting(query.sorting, SORT_FIELDS).map((key) => ({ field: COLUMN[key.field], order: key.order }));
    // A tenant's reading runs confined to its rows: even a filter lost here would show it nothing else.
    const page = await transactionFor(this.data, caller, (tx) => tx.auditLog.search({
      tenantId,
      from: readDate('startDate', query.startDate),
      to: readDate('endDate', query.endDate),
      actorUserName: query.userName?.trim() || undefined,
      actionPrefix: query.action?.trim() || undefined,
      target: query.target?.trim() || undefined,
      sort: sort.length > 0 ? sort : [{ field: 'at', order: 'desc' }],
      skip: query.skipCount,
      take: query.maxResultCount,
    }));
    return { totalCount: page.total, items: page.items.map((row) => dto(row, caller)) };
  }

  private tenantScope(caller: Caller, asked: number | null | undefined): number | undefined {
    if (isHost(caller)) return asked ?? undefined;
    if (asked !== undefined && asked !== null && asked !== caller.tenantId) {
      throw AppError.forbidden("A tenant reads only its own tenant's audit log.");
    }
    return caller.tenantId;
  }
}

function readDate(field: string, value: string | undefined): Date | undefined {
  if (!value?.trim()) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw AppError.field(field, `"${value.slice(0, 40)}" is not a date (use ISO 8601, e.g. 2026-01-31T00:00:00Z).`);
  return date;
}

/**
 * A reader outside the host sees where a request came from only when the actor was of its own tenant (or
 * nobody known, such as a failed sign-in aimed at its users) and nobody outside it was signed in as the actor
 * (impersonation): the host's and other tenants' addresses are theirs.
 */
function dto(row: AuditLogRow, reader: Caller): AuditLogDto {
  const actedFromOutside = row.impersonator_tenant_id !== null && row.impersonator_tenant_id !== reader.tenantId;
  const visible = isHost(reader) || ((row.actor_tenant_id === null || row.actor_tenant_id === reader.tenantId) && !actedFromOutside);
  return {
    id: row.id,
    tenantId: row.tenant_id === HOST_TENANT_ID ? null : row.tenant_id,
    userId: row.actor_user_id,
    userTenantId: row.actor_tenant_id === null || row.actor_tenant_id === HOST_TENANT_ID ? null : row.actor_tenant_id,
    userName: row.actor_user_name,
    impersonatorUserId: row.impersonator_user_id,
    impersonatorTenantId: row.impersonator_tenant_id === null || row.impersonator_tenant_id === HOST_TENANT_ID ? null : row.impersonator_tenant_id,
    impersonatorUserName: row.impersonator_user_name,
    action: row.action,
    target: row.target,
    executionTime: row.at.toISOString(),
    clientIpAddress: visible ? row.client_ip : null,
    browserInfo: visible ? row.user_agent : null,
    before: summary(row.before),
    after: summary(row.after),
    details: summary(row.details),
  };
}

function summary(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
