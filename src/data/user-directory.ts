import type { Executor } from './executor.js';
import type { UserRow } from './users.js';

/**
 * Look-ups of users by id alone, for platform operators who address any tenant's user (a user id is unique
 * across tenants). Tenant callers always go through `users`, which takes their tenant first.
 */
export function userDirectoryQueries(db: Executor) {
  return {
    /** A live user of any tenant (or of the host) whose tenant is not deleted. */
    async findLiveById(id: number): Promise<UserRow | undefined> {
      return db
        .selectFrom('users')
        .innerJoin('tenants', 'tenants.id', 'users.tenant_id')
        .selectAll('users')
        .where('users.id', '=', id)
        .where('users.deleted_at', 'is', null)
        .where('tenants.deleted_at', 'is', null)
        .executeTakeFirst();
    },
  };
}

export type UserDirectoryQueries = ReturnType<typeof userDirectoryQueries>;
