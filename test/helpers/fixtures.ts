import { randomBytes } from 'node:crypto';
import { hashPassword } from '../../src/services/security/passwords.js';
import type { UserRow } from '../../src/data/users.js';
import type { Permission } from '../../src/domain/permissions.js';
import { provisionTenant, type ProvisionedTenant } from '../../src/services/tenants/provisioning.js';
import type { TestApp } from './test-app.js';

const fixtureHashes = new Map<string, Promise<string>>();

/**
 * The argon2 hash of a fixture's password, computed once per test process and shared by every user made with that
 * password: a hash costs ~15 ms of CPU at the product's parameters, and fixtures make thousands of users. Sign-ins
 * still verify it as they would any other.
 */
export function fixturePasswordHash(password: string): Promise<string> {
  let hashed = fixtureHashes.get(password);
  if (!hashed) fixtureHashes.set(password, (hashed = hashPassword(password)));
  return hashed;
}

/** A random suffix, so every test's tenants and users are its own. */
export function unique(prefix = 't'): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

/**
 * Creates a tenant with its admin straight through the provisioning use case (for tests of features that
 * are not about onboarding). Answers the tenant, its admin and the admin's password.
 */
export async function createTenant(
  t: TestApp,
  options: { tenancyName?: string; password?: string; email?: string } = {},
): Promise<ProvisionedTenant & { password: string }> {
  const tenancyName = options.tenancyName ?? unique('Tenant');
  const password = options.password ?? 'Tenant-admin-1';
  const passwordHash = await fixturePasswordHash(password);
  const provisioned = await t.data.transaction((tx) =>
    provisionTenant(tx, {
      tenancyName,
      name: `${tenancyName} Ltd`,
      admin: { email: options.email ?? `${tenancyName.toLowerCase()}@example.com`, passwordHash, isEmailConfirmed: true },
    }),
  );
  return { ...provisioned, password };
}

/**
 * A user of the tenant holding exactly `permissions` (through a role of its own), signed in. Made straight
 * through the data layer: these tests are about API keys, not user management.
 */
export async function createUser(
  t: TestApp,
  tenant: { id: number; tenancy_name: string },
  permissions: readonly Permission[],
): Promise<{ user: UserRow; token: string }> {
  const password = 'Plain-user-1';
  const userName = unique('user');
  const user = await t.data.users.insert({
    tenant_id: tenant.id,
    user_name: userName,
    email: `${userName}@example.com`,
    password_hash: await fixturePasswordHash(password),
  });
  const role = await t.data.roles.insert({
    tenantId: tenant.id,
    name: unique('Role'),
    displayName: 'Test role',
    isStatic: false,
    isDefault: false,
    permissions,
  });
  await t.data.roles.assign(tenant.id, user.id, role.id);
  const token = await t.http.signIn(userName, password, tenant.tenancy_name || undefined);
  return { user, token };
}
