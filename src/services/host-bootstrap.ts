import type { Config } from '../config.js';
import { isUniqueViolation } from '../data/errors.js';
import type { Data } from '../data/index.js';
import { HOST_TENANT_ID } from '../domain/caller.js';
import { isAppError } from '../domain/errors.js';
import { hostAdminPermissions } from '../domain/permissions.js';
import { generatePassword, hashPassword } from './security/passwords.js';

export const ADMIN_ROLE = 'Admin';
export const USER_ROLE = 'User';

/**
 * Makes sure the host has its Admin role (with every permission this version knows) and, on the very first
 * start, an `admin` user. Answers the generated password when one had to be made, so it can be shown once.
 * Several instances may start together: the unique keys decide which one creates the admin.
 */
export async function bootstrapHost(data: Data, config: Config): Promise<{ generatedPassword?: string }> {
  const hasAdmin = await data.users.findByUserNameOrEmail(HOST_TENANT_ID, 'admin');
  const password = config.adminPassword ?? (hasAdmin ? undefined : generatePassword());
  const passwordHash = hasAdmin || !password ? undefined : await hashPassword(password);
  try {
    return await data.transaction(async (tx) => {
      let role = await tx.roles.findByName(HOST_TENANT_ID, ADMIN_ROLE);
      role ??= await tx.roles.insert({
        tenantId: HOST_TENANT_ID,
        name: ADMIN_ROLE,
        displayName: 'Admin',
        isStatic: true,
        isDefault: false,
        permissions: hostAdminPermissions,
      });
      if (role.permissions.length !== hostAdminPermissions.length) await tx.roles.setPermissions(HOST_TENANT_ID, role.id, hostAdminPermissions);
      if (hasAdmin || !passwordHash) return {};
      const user = await tx.users.insert({
        tenant_id: HOST_TENANT_ID,
        user_name: 'admin',
        email: config.adminEmail,
        name: 'Admin',
        surname: 'Host',
        password_hash: passwordHash,
        is_email_confirmed: true,
      });
      await tx.roles.assign(HOST_TENANT_ID, user.id, role.id);
      return config.adminPassword ? {} : { generatedPassword: password! };
    });
  } catch (error) {
    // Another instance created them first.
    if (isUniqueViolation(error) || (isAppError(error) && error.code === 'conflict')) return {};
    throw error;
  }
}
