import { Type } from 'typebox';
import { AuditLogDtoSchema, AuditLogQuerySchema } from '../../../../../services/audit/audit-log-reader.js';
import { rpcMethod } from '../../../define.js';

export const getAuditLogs = rpcMethod({
  path: 'Platform/AuditLog/GetAuditLogs',
  summary: 'Read the audit log, one page at a time: the host every tenant’s, a tenant admin its own tenant’s',
  description:
    'ABP’s `GetAuditLogsInput`: `startDate` and `endDate` (ISO 8601, inclusive) bound the time, `userName` matches who acted ' +
    '(contains, ignoring case), `action` is an action or its start (`user.`, `sign_in.failed`; ABP’s ServiceName/MethodName), ' +
    '`target` names what it concerns (`user:12`), and a host caller may name a `tenantId` (0: the host’s own entries). ' +
    '`sorting` takes `executionTime`, `id`, `action`, `userName` (default `executionTime desc`). The log is append-only: ' +
    'no method changes or deletes an entry. A tenant does not see the IP or user agent of entries made by someone outside it.',
  auth: 'caller',
  input: AuditLogQuerySchema,
  output: Type.Object({ totalCount: Type.Integer(), items: Type.Array(AuditLogDtoSchema) }),
  async handle({ caller, input, services }) {
    return services.auditLog.list(caller, input);
  },
});
