import { USER_ROLE } from '../../src/services/host-bootstrap.js';
import { createTenant, fixturePasswordHash, unique } from './fixtures.js';
import type { TestApp } from './test-app.js';

/**
 * A new tenant with its admin signed in, plus a signed-in user of the same tenant who has only the default
 * User role (no permission): for permission tests.
 */
export async function createTenantWithUser(t: TestApp) {
  const tenant = await createTenant(t);
  const tenancyName = tenant.tenant.tenancy_name;
  const role = await t.data.roles.findByName(tenant.tenant.id, USER_ROLE);
  const password = 'Plain-user-1';
  const user = await t.data.users.insert({
    tenant_id: tenant.tenant.id,
    user_name: unique('user'),
    email: `${unique('user')}@example.com`,
    password_hash: await fixturePasswordHash(password),
  });
  await t.data.roles.assign(tenant.tenant.id, user.id, role!.id);
  return {
    tenant,
    adminToken: await t.http.signIn('admin', tenant.password, tenancyName),
    userToken: await t.http.signIn(user.user_name, password, tenancyName),
  };
}
