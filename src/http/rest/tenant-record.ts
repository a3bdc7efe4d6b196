import type { TenantRow } from '../../data/tenants.js';
import type { TenantValue } from '../../domain/tenant-field-values.js';
import { TENANT_OBJECT_ID, tenantFields } from '../../domain/tenant-fields.js';
import { timeZoneCodeOf } from '../../domain/time-zones.js';
import type { NamedTenants } from '../../services/tenants/tenant-names.js';

/** A reference to another record: a (host) user, or a plan of the product catalogue. */
export interface RecordLookup {
  lookup: 'user' | 'plan';
  id: number | null;
  displayValue: string;
}

export type TenantRecordValue = TenantValue | RecordLookup;

/** A tenant as the REST resource shows it: every readable field by its REST name, in catalogue order. */
export type TenantRecord = ReadonlyMap<string, TenantRecordValue>;

export function isLookup(value: TenantRecordValue): value is RecordLookup {
  return typeof value === 'object' && value !== null && !(value instanceof Date);
}

/** The REST fields that point at a user, rather than at a plan. */
const USER_LOOKUPS: ReadonlySet<string> = new Set(['created_id', 'owner_id', 'modified_id']);

/** The records of named tenants, in their order. */
export function tenantRecords({ tenants, userNames, planNames }: NamedTenants): TenantRecord[] {
  return tenants.map((row) => recordOf(row, userNames, planNames));
}

function recordOf(row: TenantRow, userNames: ReadonlyMap<number, string>, plans: ReadonlyMap<number, string>): TenantRecord {
  const record = new Map<string, TenantRecordValue>();
  const columns = row as Record<string, unknown>;
  for (const field of tenantFields) {
    if (field.writeOnly) continue;
    switch (field.name) {
      case 'object_id':
        record.set(field.name, TENANT_OBJECT_ID);
        continue;
      case 'deleted':
        record.set(field.name, row.deleted_at !== null);
        continue;
      case 'time_zone':
        record.set(field.name, row.time_zone === null ? null : (timeZoneCodeOf(row.time_zone)?.code ?? row.time_zone));
        continue;
    }
    const value = field.column === null ? null : columns[field.column];
    if (field.type === 'lookup') {
      const id = value === null || value === undefined ? null : Number(value);
      const user = USER_LOOKUPS.has(field.name);
      const displayValue = id === null ? '' : ((user ? userNames.get(id) : plans.get(id)) ?? '');
      record.set(field.name, { lookup: user ? 'user' : 'plan', id, displayValue });
      continue;
    }
    record.set(field.name, (value ?? null) as TenantValue);
  }
  return record;
}
