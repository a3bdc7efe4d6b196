/** Named permissions that roles grant. The display names are what the AgileApps dialect calls them. */
export const permissions = {
  'Tenants.Manage': 'Manage Tenants and Company Capabilities',
  'Tenants.Delete': 'Delete Tenants',
  'Leads.Submit': 'Submit Tenancy Requests',
  'Registration.Complete': 'Complete Tenant Registration',
  'Catalogue.Manage': 'Manage Products, Coupons and Packages',
  'Settings.Manage': 'Manage Settings',
  'ApiKeys.Manage': 'Manage Own API Keys',
  'ApiKeys.ManageAll': 'Manage API Keys of Other Users',
  'Users.Manage': 'Manage Users',
  'Users.AutoLogin': 'Create Auto-Login Links',
  'Users.Impersonation': 'Sign In as Other Users (Impersonation)',
  'Payments.Manage': 'Manage Payment Settings',
  'AuditLogs.Read': 'Read the Audit Log',
} as const;

export type Permission = keyof typeof permissions;

export const allPermissions = Object.keys(permissions) as Permission[];

/** Permissions that only make sense for platform operators (no tenant). */
const hostOnly: ReadonlySet<Permission> = new Set<Permission>([
  'Tenants.Manage',
  'Tenants.Delete',
  'Leads.Submit',
  'Registration.Complete',
  'Catalogue.Manage',
]);

export const hostAdminPermissions: readonly Permission[] = allPermissions;
export const tenantAdminPermissions: readonly Permission[] = allPermissions.filter((p) => !hostOnly.has(p));

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(permissions, value);
}
