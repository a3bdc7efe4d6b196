import type { Queries } from '../../data/index.js';
import type { UserRow } from '../../data/users.js';
import { AppError } from '../../domain/errors.js';
import { ADMIN_ROLE } from '../host-bootstrap.js';

/**
 * Locks the tenant's Admin role for the rest of the transaction, so that two admins removing each other at
 * the same moment are serialised and the second one sees the first one's change. Call it before reading
 * the user to change.
 */
export async function lockAdmins(tx: Queries, tenantId: number): Promise<void> {
  await tx.userDirectory.lockRole(tenantId, ADMIN_ROLE);
}

/**
 * Refuses a change that would leave the tenant without an active admin: deleting, deactivating or taking
 * the Admin role from its last active holder. A tenant without one could never manage itself again.
 */
export async function keepAnAdmin(tx: Queries, user: UserRow): Promise<void> {
  if (!user.is_active) return;
  const role = await tx.userDirectory.lockRole(user.tenant_id, ADMIN_ROLE);
  if (!role) return;
  const holds = (await tx.roles.listRoleNamesOfUser(user.tenant_id, user.id)).includes(role.name);
  if (!holds) return;
  if ((await tx.userDirectory.countActiveHolders(user.tenant_id, role.id, user.id)) === 0) {
    throw AppError.conflict(`"${user.user_name}" is the last active admin of this tenant; make another user an admin first.`);
  }
}
