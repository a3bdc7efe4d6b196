import type { Queries } from '../../data/index.js';
import type { UserRow } from '../../data/users.js';
import type { Caller } from '../../domain/caller.js';

/** Records a change to a user in the audit log, in the change's own transaction. */
export async function audit(tx: Queries, caller: Caller, action: string, user: UserRow, context: { clientIp?: string | undefined }, details?: Record<string, unknown>): Promise<void> {
  await tx.auditLog.append({
    tenantId: user.tenant_id,
    actor: caller,
    action,
    target: `user:${user.id}`,
    details: details ?? null,
    clientIp: context.clientIp ?? null,
  });
}
