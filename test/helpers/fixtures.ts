import { randomBytes } from 'node:crypto';
import { hashPassword } from '../../src/services/security/passwords.js';
import { provisionTenant, type ProvisionedTenant } from '../../src/services/tenants/provisioning.js';
import type { TestApp } from './test-app.js';

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
  const passwordHash = await hashPassword(password);
  const provisioned = await t.data.transaction((tx) =>
    provisionTenant(tx, {
      tenancyName,
      name: `${tenancyName} Ltd`,
      admin: { email: options.email ?? `${tenancyName.toLowerCase()}@example.com`, passwordHash, isEmailConfirmed: true },
    }),
  );
  return { ...provisioned, password };
}
