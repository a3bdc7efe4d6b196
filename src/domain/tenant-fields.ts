/**
 * The tenant record's fields as the AgileApps REST dialect names them: their type, where they are stored,
 * and the rules of the spec's field table. Filtering, sorting, `fieldList`, reading and writing all go
 * through this one list, so a field unknown here is unknown everywhere (a -300 error).
 */
/** The read-only `object_id` of every tenant record: the id of the tenant object type (the spec's default). */
export const TENANT_OBJECT_ID = '8c5b349851c041a28d19277a12dee8f0';

export type TenantFieldType = 'text' | 'integer' | 'decimal' | 'date' | 'boolean' | 'lookup';

export interface TenantField {
  /** The REST name (`service_portal_sub_domain`). */
  name: string;
  type: TenantFieldType;
  /** Column of the `tenants` table that holds it; null for fields computed or stored elsewhere. */
  column: string | null;
  readOnly?: boolean;
  /** Required when a tenant is created (the spec's "Required During Add"). */
  requiredOnCreate?: boolean;
  /** Accepted on create, never read back (the admin user's fields, one-shot flags). */
  writeOnly?: boolean;
  /** Can appear in `filter` and `sortBy`. */
  searchable?: boolean;
}

const f = (name: string, type: TenantFieldType, column: string | null, flags: Omit<TenantField, 'name' | 'type' | 'column'> = {}): TenantField => ({
  name,
  type,
  column,
  searchable: column !== null && !flags.writeOnly,
  ...flags,
});

export const tenantFields: readonly TenantField[] = [
  f('id', 'integer', 'id', { readOnly: true }),
  f('object_id', 'text', null, { readOnly: true }),
  f('number', 'integer', 'number', { readOnly: true }),
  f('name', 'text', 'name'),
  f('company', 'text', 'company_name', { requiredOnCreate: true }),
  f('service_portal_sub_domain', 'text', 'sub_domain'),
  f('email', 'text', null, { requiredOnCreate: true, writeOnly: true }),
  f('first_name', 'text', null, { requiredOnCreate: true, writeOnly: true }),
  f('last_name', 'text', null, { requiredOnCreate: true, writeOnly: true }),
  f('password', 'text', null, { requiredOnCreate: true, writeOnly: true }),
  f('phone', 'text', null, { requiredOnCreate: true, writeOnly: true }),
  f('sendWelcomeEmail', 'boolean', null, { writeOnly: true }),
  f('force_password_change_on_login', 'boolean', null, { writeOnly: true }),
  // Stored as an IANA zone; the integer code is translated at the surface, so it is not searchable by code.
  f('time_zone', 'integer', 'time_zone', { requiredOnCreate: true, searchable: false }),
  f('date_format', 'text', 'date_format'),
  f('number_of_users', 'integer', 'number_of_users'),
  f('document_space', 'integer', 'document_space'),
  f('data_space', 'integer', 'data_space'),
  f('deleted', 'boolean', null, { readOnly: true }),
  f('active', 'boolean', 'is_active'),
  f('discount', 'decimal', 'discount'),
  f('classification', 'text', 'classification'),
  f('created_id', 'lookup', 'created_by_user_id', { readOnly: true }),
  f('owner_id', 'lookup', 'owner_user_id', { readOnly: true }),
  f('modified_id', 'lookup', 'modified_by_user_id', { readOnly: true }),
  f('start_date', 'date', 'start_date', { readOnly: true }),
  f('date_modified', 'date', 'modified_at', { readOnly: true }),
  f('country', 'text', 'country', { requiredOnCreate: true }),
  f('city', 'text', 'city', { requiredOnCreate: true }),
  f('state', 'text', 'state'),
  f('street', 'text', 'street', { requiredOnCreate: true }),
  // The spec's table marks zip as required, but its own create sample has none; the sample must work.
  f('zip', 'text', 'zip'),
  f('trial_days', 'integer', 'trial_days'),
  f('trial_account', 'boolean', 'trial_account'),
  f('free', 'boolean', 'free'),
  f('payment_type', 'text', 'payment_type'),
  f('next_billing_date', 'date', 'next_billing_date'),
  f('license_blocks', 'integer', 'license_blocks'),
  f('base_subscriber_plan', 'lookup', 'base_subscriber_plan_id'),
  f('base_subscriber_option', 'lookup', 'base_subscriber_option_id'),
  f('accessory_purchase_plan', 'lookup', 'accessory_purchase_plan_id'),
  f('search_string', 'text', 'search_string', { readOnly: true }),
  f('workflow_state', 'text', 'workflow_state'),
  f('workflow_owners', 'text', 'workflow_owners'),
];

const byName = new Map(tenantFields.map((field) => [field.name.toLowerCase(), field]));

/** Looks a REST field up by name, ignoring case. */
export function tenantField(name: string): TenantField | undefined {
  return byName.get(name.trim().toLowerCase());
}
