import type { Config } from '../../config.js';
import type { TenantRow } from '../../data/tenants.js';
import type { TenantAdmin } from './tenant-input.js';

/** The outbox message that welcomes a new tenant's admin (`sendWelcomeEmail`), once per tenant. */
export function welcomeMail(config: Pick<Config, 'publicUrl'>, tenant: TenantRow, admin: TenantAdmin) {
  const lines = [
    `Hello ${admin.name},`,
    '',
    `An account for ${tenant.company_name ?? tenant.name} has been created for you.`,
    `Sign in at ${config.publicUrl} with the tenancy name "${tenant.tenancy_name}" and the user name "admin" or your e-mail address.`,
    ...(admin.mustChangePassword === false ? [] : ['You will be asked to choose a new password when you first sign in.']),
  ];
  return {
    tenantId: tenant.id,
    topic: 'mail',
    payload: { to: admin.email, subject: `Welcome to ${tenant.name}`, text: lines.join('\n') },
    dedupeKey: 'welcome',
  };
}
