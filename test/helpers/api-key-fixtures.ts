import { hashPassword } from '../../src/services/security/passwords.js';
import type { UserRow } from '../../src/data/users.js';
import type { Permission } from '../../src/domain/permissions.js';
import { unique } from './fixtures.js';
import type { TestApp } from './test-app.js';

export const API_KEY_GENERATE = '/api/services/Platform/ApiKey/Generate';
export const API_KEY_GET_ALL = '/api/services/Platform/ApiKey/GetAll';
export const API_KEY_UPDATE = '/api/services/Platform/ApiKey/Update';
export const API_KEY_DELETE = '/api/services/Platform/ApiKey/Delete';
export const WHO_AM_I = '/api/services/app/Session/GetCurrentLoginInformations';

/** An expiration date `ms` from now, as clients send it. */
export function inFuture(ms = 30 * 86_400_000): string {
  return new Date(Date.now() + ms).toISOString();
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
    password_hash: await hashPassword(password),
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

/** Generates a key through the API and answers the documented body (throws unless the answer is 200). */
export async function generateKey(
  t: TestApp,
  token: string,
  body: { name?: string; expirationDate?: string; userId?: number; paths?: string } = {},
): Promise<{ id: number; key: string; name: string; userId: number; userName: string; paths: string | null; expirationDate: string; creationTime: string }> {
  const answer = await t.http.post(API_KEY_GENERATE, { name: unique('key'), expirationDate: inFuture(), ...body }, { token });
  if (answer.status !== 200) throw new Error(`Generate failed: ${answer.status} ${answer.text}`);
  return answer.body;
}

/** The field names a 400 answer's validation errors name. */
export function invalidMembers(body: { error?: { validationErrors?: { members: string[] }[] | null } }): string[] {
  return (body.error?.validationErrors ?? []).flatMap((v) => v.members).sort();
}
