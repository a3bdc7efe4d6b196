import { sql } from 'kysely';
import type { Executor } from './executor.js';
import { containsPattern } from './like-patterns.js';
import { totalFromPage } from './page-total.js';
import type { RoleRow } from './roles.js';
import type { UserRow } from './users.js';

export type UserSortField = 'id' | 'userName' | 'name' | 'surname' | 'emailAddress' | 'isActive' | 'creationTime';

export interface UserListSpec {
  /** Text matched, ignoring case, anywhere in the user name, name, surname or e-mail address. */
  filter?: string | undefined;
  sort: { field: UserSortField; order: 'asc' | 'desc' }[];
  skip: number;
  take: number;
}

const sortColumns: Record<UserSortField, { column: string; text: boolean }> = {
  id: { column: 'id', text: false },
  userName: { column: 'user_name', text: true },
  name: { column: 'name', text: true },
  surname: { column: 'surname', text: true },
  emailAddress: { column: 'email', text: true },
  isActive: { column: 'is_active', text: false },
  creationTime: { column: 'created_at', text: false },
};

/** A tenant's user administration: listing, role assignment, soft deletion. Tenant key first, always. */
export function userDirectoryQueries(db: Executor) {
  const live = (tenantId: number) => db.selectFrom('users').where('tenant_id', '=', tenantId).where('deleted_at', 'is', null);

  return {
    async search(tenantId: number, spec: UserListSpec): Promise<{ total: number; rows: UserRow[] }> {
      let base = live(tenantId);
      const filter = spec.filter?.trim();
      if (filter) {
        const pattern = containsPattern(filter);
        base = base.where((eb) =>
          eb.or(['user_name', 'name', 'surname', 'email'].map((column) => eb(sql`lower(${sql.ref(column)})`, 'like', pattern))),
        );
      }
      // The page's ids first, from an index where the order has one (users_live_page_idx for the default, by id),
      // then its rows: a page far down reads index entries up to it, not every row before it.
      let page = base.select('id');
      let rows = db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId);
      for (const key of spec.sort) {
        const { column, text } = sortColumns[key.field];
        // Text sorts ignore case, whatever collation the database was created with.
        const order = text ? sql`lower(${sql.ref(column)})` : sql.ref(column);
        page = page.orderBy(order, key.order);
        rows = rows.orderBy(order, key.order);
      }
      const found = await rows.where('id', 'in', page.orderBy('id').limit(spec.take).offset(spec.skip)).orderBy('id').execute();
      const total = totalFromPage(spec.skip, spec.take, found.length) ?? Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      return { total, rows: found };
    },

    /** Role names of several users at once (one query for a page of users). */
    async roleNamesOf(tenantId: number, userIds: readonly number[]): Promise<Map<number, string[]>> {
      const names = new Map<number, string[]>(userIds.map((id) => [id, []]));
      if (userIds.length === 0) return names;
      const rows = await db
        .selectFrom('user_roles')
        .innerJoin('roles', (join) => join.onRef('roles.tenant_id', '=', 'user_roles.tenant_id').onRef('roles.id', '=', 'user_roles.role_id'))
        .select(['user_roles.user_id', 'roles.name'])
        .where('user_roles.tenant_id', '=', tenantId)
        .where('user_roles.user_id', 'in', [...userIds])
        .orderBy('roles.name')
        .execute();
      for (const row of rows) names.get(row.user_id)?.push(row.name);
      return names;
    },

    /** The tenant's roles with the given names, ignoring case. */
    async findRoles(tenantId: number, names: readonly string[]): Promise<RoleRow[]> {
      if (names.length === 0) return [];
      return db
        .selectFrom('roles')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where(sql<string>`lower(name)`, 'in', names.map((n) => n.toLowerCase()))
        .execute();
    },

    async defaultRoles(tenantId: number): Promise<RoleRow[]> {
      return db.selectFrom('roles').selectAll().where('tenant_id', '=', tenantId).where('is_default', '=', true).execute();
    },

    async replaceRoles(tenantId: number, userId: number, roleIds: readonly number[]): Promise<void> {
      await db.deleteFrom('user_roles').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
      if (roleIds.length === 0) return;
      await db
        .insertInto('user_roles')
        .values(roleIds.map((roleId) => ({ tenant_id: tenantId, user_id: userId, role_id: roleId })))
        .execute();
    },

    /** Locks a role row until the transaction ends, so checks on its members cannot interleave. */
    async lockRole(tenantId: number, name: string): Promise<RoleRow | undefined> {
      return db.selectFrom('roles').selectAll().where('tenant_id', '=', tenantId).where('name', '=', name).forUpdate().executeTakeFirst();
    },

    /** How many active users hold the role, leaving one user out of the count. */
    async countActiveHolders(tenantId: number, roleId: number, exceptUserId: number): Promise<number> {
      const row = await db
        .selectFrom('users')
        .innerJoin('user_roles', (join) => join.onRef('user_roles.tenant_id', '=', 'users.tenant_id').onRef('user_roles.user_id', '=', 'users.id'))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('users.tenant_id', '=', tenantId)
        .where('users.deleted_at', 'is', null)
        .where('user_roles.role_id', '=', roleId)
        .where('users.is_active', '=', true)
        .where('users.id', '<>', exceptUserId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /**
     * Which field would make sign-in ambiguous: a user name that is another user's e-mail address, or an
     * e-mail address that is another user's user name (sign-in accepts either).
     */
    async crossIdentityClash(tenantId: number, user: { userName: string; email: string }, exceptUserId?: number): Promise<'userName' | 'emailAddress' | undefined> {
      let query = live(tenantId)
        .select(['user_name', 'email'])
        .where((eb) => eb.or([eb(sql`lower(email)`, '=', user.userName.toLowerCase()), eb(sql`lower(user_name)`, '=', user.email.toLowerCase())]));
      if (exceptUserId !== undefined) query = query.where('id', '<>', exceptUserId);
      const row = await query.executeTakeFirst();
      if (!row) return undefined;
      return row.email.toLowerCase() === user.userName.toLowerCase() ? 'userName' : 'emailAddress';
    },

    /** A live user of any tenant (or of the host) whose tenant is not deleted: for operators who address users by id alone. */
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

    async softDelete(tenantId: number, id: number): Promise<boolean> {
      const result = await db
        .updateTable('users')
        .set({ deleted_at: sql`now()`, modified_at: sql`now()` })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}

export type UserDirectoryQueries = ReturnType<typeof userDirectoryQueries>;
