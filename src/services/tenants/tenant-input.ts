import type { TenantChanges } from '../../data/tenants.js';
import type { FieldProblem } from '../../domain/errors.js';

/**
 * A tenant's registry details as the tenant use cases take them, in the registry's own words (DOMAIN.md's
 * model, as stored: `company_name`, `sub_domain`, `time_zone` as an IANA zone, plan ids). In a change, an absent
 * detail stays as it is and null clears it. Each dialect translates its own fields into these.
 */
export type TenantDetails = Pick<
  TenantChanges,
  | 'name'
  | 'company_name'
  | 'sub_domain'
  | 'street'
  | 'city'
  | 'state'
  | 'zip'
  | 'country'
  | 'time_zone'
  | 'date_format'
  | 'number_of_users'
  | 'document_space'
  | 'data_space'
  | 'classification'
  | 'discount'
  | 'trial_days'
  | 'trial_account'
  | 'free'
  | 'payment_type'
  | 'next_billing_date'
  | 'license_blocks'
  | 'base_subscriber_plan_id'
  | 'base_subscriber_option_id'
  | 'accessory_purchase_plan_id'
  | 'workflow_state'
  | 'workflow_owners'
>;


/** The plan lookups among the details: ids of the product catalogue. */
export const PLAN_DETAILS = ['base_subscriber_plan_id', 'base_subscriber_option_id', 'accessory_purchase_plan_id'] as const satisfies readonly (keyof TenantDetails)[];

/** A new tenant's first user, its administrator. */
export interface TenantAdmin {
  email: string;
  /** First name. */
  name: string;
  surname: string;
  /** Plain text, held to the host's password policy; absent only where a hash is imported in its place. */
  password?: string;
  /** As typed; read against the tenant's country. */
  phone?: string;
  /** Unless false, the admin must choose a new password at the first sign-in. */
  mustChangePassword?: boolean;
  /** Send the admin the welcome e-mail. */
  sendWelcomeEmail?: boolean;
}

/** A tenant to create: its details (a company, its address and its time zone at least), its admin and its packages. */
export interface NewTenantInput {
  details: TenantDetails & { company_name: string; country: string; city: string; street: string; time_zone: string };
  admin: TenantAdmin;
  /** Package installation ids. */
  packageIds: readonly string[];
  /** Install the built-in ServiceDesk package and turn the ServiceDesk capability on. */
  isCaseDynamics: boolean;
}

/**
 * Problems a surface found reading its input into a use case's input, handed to the use case with it so that a
 * client hears of every problem at once: the use case adds its own and refuses, writing nothing.
 */
export type ReadProblems = readonly FieldProblem[];

/** A change to a tenant: its details, and `active` to suspend or resume it (through the tenant lifecycle). */
export interface TenantUpdate {
  details: TenantDetails;
  active?: boolean;
}
