import { randomInt } from 'node:crypto';
import type { Queries } from '../../data/index.js';
import type { StaticRole } from '../../data/tenant-bulk.js';
import type { NewTenant, TenantRow } from '../../data/tenants.js';
import type { UserRow } from '../../data/users.js';
import { HOST_TENANT_ID } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';
import { tenantAdminPermissions } from '../../domain/permissions.js';
import { tenancyNameProblem } from '../../domain/tenancy-name.js';
import { emitEvent } from '../events/emit.js';
import { tenantEventData, userEventData } from '../events/payloads.js';
import { ADMIN_ROLE, USER_ROLE } from '../host-bootstrap.js';

/** Everything needed to create a tenant with its admin; the surfaces fill it from their own fields. */
export interface TenantProvision {
  tenancyName: string;
  name: string;
  /** Any further registry columns the surface knows (address, quotas, sub-domain, commercial terms...). */
  details?: Omit<NewTenant, 'tenancy_name' | 'name' | 'number'>;
  admin: {
    userName?: string;
    email: string;
    name?: string;
    surname?: string;
    phone?: string | null;
    /** argon2 hash, computed before the transaction so the transaction stays short. */
    passwordHash: string;
    mustChangePassword?: boolean;
    isEmailConfirmed?: boolean;
  };
  /** Overrides of the host's default settings for this tenant. */
  settings?: { defaultCountryCode?: string | null; timezone?: string | null; currency?: string | null };
  /** What the admin's `User.CreatedOrUpdated` tells of where it came from (the sign-up's contact). */
  eventContext?: { contactId?: number | null; affiliateCode?: string | null };
  /** The user who creates it (recorded as creator and owner), or null for a self-service sign-up. */
  createdByUserId?: number | null;
}

/** The static roles every new tenant starts with; its admin holds Admin, new users get the default User. */
export const TENANT_STATIC_ROLES: readonly StaticRole[] = [
  { name: ADMIN_ROLE, displayName: 'Admin', isDefault: false, permissions: tenantAdminPermissions, heldByAdmin: true },
  { name: USER_ROLE, displayName: 'User', isDefault: true, permissions: [], heldByAdmin: false },
];

export interface ProvisionedTenant {
  tenant: TenantRow;
  admin: UserRow;
}

/**
 * Creates a tenant, its settings (inherited from the host defaults), its static roles and its admin user,
 * inside the caller's transaction. Both API dialects create tenants through here.
 */
export async function provisionTenant(tx: Queries, input: TenantProvision): Promise<ProvisionedTenant> {
  const problem = tenancyNameProblem(input.tenancyName);
  if (problem) throw AppError.field('tenancyName', problem);
  if (await tx.tenants.isTenancyNameTaken(input.tenancyName)) {
    throw AppError.conflict(`The tenancy name "${input.tenancyName}" is already taken.`, [
      { field: 'tenancyName', message: 'This tenancy name is already taken.' },
    ]);
  }
  const tenant = await tx.tenants.insert({
    ...input.details,
    tenancy_name: input.tenancyName,
    name: input.name,
    number: await freeTenantNumber(tx),
    created_by_user_id: input.createdByUserId ?? null,
    owner_user_id: input.createdByUserId ?? null,
    modified_by_user_id: input.createdByUserId ?? null,
  });
  await tx.settings.createForTenant(tenant.id, HOST_TENANT_ID, input.settings ?? {});
  const roles = [];
  for (const role of TENANT_STATIC_ROLES) roles.push(await tx.roles.insert({ tenantId: tenant.id, isStatic: true, ...role }));
  const admin = await tx.users.insert({
    tenant_id: tenant.id,
    user_name: input.admin.userName ?? 'admin',
    email: input.admin.email,
    name: input.admin.name ?? 'admin',
    surname: input.admin.surname ?? 'admin',
    phone: input.admin.phone ?? null,
    password_hash: input.admin.passwordHash,
    must_change_password: input.admin.mustChangePassword ?? false,
    is_email_confirmed: input.admin.isEmailConfirmed ?? false,
  });
  for (const [i, role] of TENANT_STATIC_ROLES.entries()) {
    if (role.heldByAdmin) await tx.roles.assign(tenant.id, admin.id, roles[i]!.id);
  }
  await emitEvent(tx, { tenantId: tenant.id, type: 'Tenant.Created', data: tenantEventData(tenant) });
  await emitEvent(tx, { tenantId: tenant.id, type: 'User.CreatedOrUpdated', data: userEventData(admin, input.eventContext) });
  return { tenant, admin };
}

/** A random human-facing tenant number (ten digits, like AgileApps'), distinct from the id. */
export function randomTenantNumber(): number {
  return randomInt(1_000_000_000, 2_147_483_647);
}

async function freeTenantNumber(tx: Queries): Promise<number> {
  for (;;) {
    const candidate = randomTenantNumber();
    if (!(await tx.tenants.isNumberTaken(candidate))) return candidate;
  }
}
