import type { Data } from '../../data/index.js';
import type { TenantRow } from '../../data/tenants.js';
import { HOST_TENANT_ID } from '../../domain/caller.js';
import { PLAN_DETAILS } from './tenant-input.js';

/** The users who created, own and last changed a tenant. */
export const USER_REFERENCES = ['created_by_user_id', 'owner_user_id', 'modified_by_user_id'] as const satisfies readonly (keyof TenantRow)[];

/** Tenants with the display names of the users and plans their details refer to, for a surface to show. */
export interface NamedTenants {
  tenants: readonly TenantRow[];
  /** Host users by id: "name surname" ('' for a user no longer there). */
  userNames: ReadonlyMap<number, string>;
  /** Plans of the product catalogue by id. */
  planNames: ReadonlyMap<number, string>;
}

/**
 * Resolves the names of the users and plans the tenants refer to. `knownUserNames`, when the rows were read with
 * them (`findLiveWithUserNames`), spares the look-up.
 */
export async function nameTenants(data: Data, tenants: readonly TenantRow[], knownUserNames?: ReadonlyMap<number, string>): Promise<NamedTenants> {
  const userIds = new Set<number>();
  const planIds = new Set<number>();
  for (const row of tenants) {
    for (const column of USER_REFERENCES) if (row[column] !== null) userIds.add(Number(row[column]));
    for (const column of PLAN_DETAILS) if (row[column] !== null) planIds.add(Number(row[column]));
  }
  // The users who create and change tenants are the host's operators: few, and the same across a page; one
  // statement for them all. A user who is gone shows an empty name.
  const unknown = [...userIds].filter((id) => !knownUserNames?.has(id));
  const found = unknown.length > 0 ? await data.users.displayNames(HOST_TENANT_ID, unknown) : new Map<number, string>();
  const userNames = new Map<number, string>([...userIds].map((id) => [id, knownUserNames?.get(id) ?? found.get(id) ?? '']));
  // AgileApps' plan lookups (base_subscriber_plan and its siblings) point at the product catalogue.
  const planNames = planIds.size > 0 ? await data.products.namesOf([...planIds]) : new Map<number, string>();
  return { tenants, userNames, planNames };
}
