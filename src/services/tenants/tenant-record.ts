import type { Data } from '../../data/index.js';
import type { TenantRow } from '../../data/tenants.js';
import { HOST_TENANT_ID } from '../../domain/caller.js';
import type { TenantValue } from '../../domain/tenant-field-values.js';
import { TENANT_OBJECT_ID, tenantFields } from '../../domain/tenant-fields.js';
import { timeZoneCodeOf } from '../../domain/time-zones.js';

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

const USER_LOOKUPS: Readonly<Record<string, keyof TenantRow>> = {
  created_id: 'created_by_user_id',
  owner_id: 'owner_user_id',
  modified_id: 'modified_by_user_id',
};

/**
 * Builds the records of tenant rows, resolving the display names of the users and plans they point at. `userNames`,
 * when the rows were read with them (`findLiveWithUserNames`), spares the look-up.
 */
export async function tenantRecords(data: Data, rows: readonly TenantRow[], knownUserNames?: ReadonlyMap<number, string>): Promise<TenantRecord[]> {
  const userIds = new Set<number>();
  const planIds = new Set<number>();
  for (const row of rows) {
    for (const column of Object.values(USER_LOOKUPS)) if (row[column] !== null) userIds.add(Number(row[column]));
    for (const field of tenantFields) {
      if (field.type === 'lookup' && !Object.hasOwn(USER_LOOKUPS, field.name)) {
        const id = (row as Record<string, unknown>)[field.column!];
        if (id !== null && id !== undefined) planIds.add(Number(id));
      }
    }
  }
  // The users who create and change tenants are the host's operators: few, and the same across a page; one
  // statement for them all. A user who is gone shows an empty name.
  const unknown = [...userIds].filter((id) => !knownUserNames?.has(id));
  const found = unknown.length > 0 ? await data.users.displayNames(HOST_TENANT_ID, unknown) : new Map<number, string>();
  const userNames = new Map<number, string>([...userIds].map((id) => [id, knownUserNames?.get(id) ?? found.get(id) ?? '']));
  // AgileApps' plan lookups (base_subscriber_plan and its siblings) point at the product catalogue.
  const plans = planIds.size > 0 ? await data.products.namesOf([...planIds]) : new Map<number, string>();
  return rows.map((row) => recordOf(row, userNames, plans));
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
      const user = Object.hasOwn(USER_LOOKUPS, field.name);
      const displayValue = id === null ? '' : ((user ? userNames.get(id) : plans.get(id)) ?? '');
      record.set(field.name, { lookup: user ? 'user' : 'plan', id, displayValue });
      continue;
    }
    record.set(field.name, (value ?? null) as TenantValue);
  }
  return record;
}
