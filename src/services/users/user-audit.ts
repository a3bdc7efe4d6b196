import type { Queries } from '../../data/index.js';
import type { UserRow } from '../../data/users.js';
import type { Caller } from '../../domain/caller.js';
import { recordAudit, type AuditRecord } from '../audit/record-audit.js';

/** Records a change to a user in the audit log, in the change's own transaction. */
export async function audit(tx: Queries, caller: Caller, action: string, user: UserRow, summary: Pick<AuditRecord, 'before' | 'after' | 'details'> = {}): Promise<void> {
  await recordAudit(tx, caller, { tenantId: user.tenant_id, action, target: `user:${user.id}`, ...summary });
}

/** What an audit entry says about a user: never its password hash or lockout counters. */
export function userSummary(user: UserRow, roleNames?: readonly string[]): Record<string, unknown> {
  return {
    userName: user.user_name,
    name: user.name,
    surname: user.surname,
    emailAddress: user.email,
    phoneNumber: user.phone,
    isActive: user.is_active,
    shouldChangePasswordOnNextLogin: user.must_change_password,
    ...(roleNames ? { roleNames: [...roleNames].sort() } : {}),
  };
}
