import { tenantFields } from '../../domain/tenant-fields.js';
import { isLookup, type TenantRecord, type TenantRecordValue } from './tenant-record.js';
import { Attributed, type RestElement, type RestValue } from './document.js';

/** The object id the spec's sample uses in the uri of the plan lookups (`…/record/456zzy789jhk/null`). */
export const PLAN_OBJECT_ID = '456zzy789jhk';

// The spec's GET sample, element by element; the readable fields it does not show follow, in catalogue order.
const SAMPLE_ORDER = [
  'id', 'object_id', 'document_space', 'classification', 'trial_days', 'deleted', 'created_id', 'owner_id', 'modified_id', 'number',
  'name', 'search_string', 'start_date', 'payment_type', 'license_blocks', 'country', 'next_billing_date', 'base_subscriber_plan',
  'trial_account', 'accessory_purchase_plan', 'workflow_owners', 'data_space', 'date_modified', 'company', 'base_subscriber_option',
  'discount', 'workflow_state', 'active',
];

/** Every field a tenant document shows, in document order. */
export const TENANT_DOCUMENT_FIELDS: readonly string[] = [
  ...SAMPLE_ORDER,
  ...tenantFields.filter((f) => !f.writeOnly && !SAMPLE_ORDER.includes(f.name)).map((f) => f.name),
];

/** UTC `yyyy-MM-ddTHH:mm:ssZ`, without milliseconds. */
export function formatRestDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * A tenant record as the `<tenant>` element: empty fields as empty elements, flags as 1/0, dates in UTC,
 * lookups with `type`, `uri` and `displayValue`. `fields` limits it to the named fields (`id` always shown).
 */
export function tenantDocument(record: TenantRecord, publicUrl: string, fields?: ReadonlySet<string>): RestElement {
  const element: Record<string, RestValue> = {};
  for (const name of TENANT_DOCUMENT_FIELDS) {
    if (fields && name !== 'id' && !fields.has(name)) continue;
    element[name] = restValue(record.get(name) ?? null, publicUrl);
  }
  return element;
}

function restValue(value: TenantRecordValue, publicUrl: string): RestValue {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (value instanceof Date) return formatRestDate(value);
  if (isLookup(value)) {
    const object = value.lookup === 'user' ? 'USER' : PLAN_OBJECT_ID;
    const uri = `${publicUrl}/networking/rest/record/${object}/${value.id ?? 'null'}`;
    return new Attributed({ type: '', uri, displayValue: value.displayValue }, value.id === null ? '' : String(value.id));
  }
  return String(value);
}
