import type { Queries } from '../../data/index.js';
import type { TenantDeletionStep } from '../tenants/lifecycle.js';

/** Takes a user out of its link group (the user is deleted, or unlinked); a group left with one member dissolves. */
export async function unlinkUser(tx: Queries, tenantId: number, userId: number): Promise<void> {
  await tx.userLinks.lock();
  const groupId = await tx.userLinks.removeMember(tenantId, userId);
  if (groupId !== undefined) await tx.userLinks.dissolveLoneGroups([groupId]);
}

/** Takes every user of a tenant out of its link group (deletion, purge). */
export async function unlinkTenant(tx: Queries, tenantId: number): Promise<void> {
  await tx.userLinks.lock();
  const groupIds = await tx.userLinks.removeTenant(tenantId);
  await tx.userLinks.dissolveLoneGroups(groupIds);
}

/** The tenant-deletion step: a deleted tenant's users are unlinked from everyone, in the deletion's transaction. */
export const unlinkTenantUsers: TenantDeletionStep = (tx, tenant) => unlinkTenant(tx, tenant.id);
