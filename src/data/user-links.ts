import { sql } from 'kysely';
import type { Executor } from './executor.js';

/** A user as it appears in a link group, with its tenant's name (ASP.NET Zero's LinkedUserDto). */
export interface LinkedUserRow {
  tenantId: number;
  userId: number;
  tenancyName: string;
  userName: string;
}

export interface LinkedUserListSpec {
  skip: number;
  take: number;
  sort: { field: 'tenancyName' | 'userName'; order: 'asc' | 'desc' }[];
}

// Any constant: link changes of every tenant take this one transaction-scoped lock, so merges never interleave.
const LINKS_LOCK_KEY = 7_000_000_007;

/** Link groups and their members. A group spans tenants; a membership row belongs to its user's tenant. */
export function userLinkQueries(db: Executor) {
  const sortColumns = { tenancyName: 'tenants.tenancy_name', userName: 'users.user_name' } as const;

  return {
    /** Serialises link changes until the surrounding transaction ends (merges touch several groups at once). */
    async lock(): Promise<void> {
      await sql`select pg_advisory_xact_lock(${LINKS_LOCK_KEY})`.execute(db);
    },

    async groupOf(tenantId: number, userId: number): Promise<number | undefined> {
      const row = await db
        .selectFrom('user_links')
        .select('group_id')
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row?.group_id;
    },

    async createGroup(): Promise<number> {
      const row = await db.insertInto('link_groups').defaultValues().returning('id').executeTakeFirstOrThrow();
      return row.id;
    },

    async addMember(tenantId: number, userId: number, groupId: number): Promise<void> {
      await db.insertInto('user_links').values({ tenant_id: tenantId, user_id: userId, group_id: groupId }).execute();
    },

    /** Moves every member of one group into another and drops the emptied group (a merge). */
    async mergeGroups(fromGroupId: number, intoGroupId: number): Promise<void> {
      await db.updateTable('user_links').set({ group_id: intoGroupId }).where('group_id', '=', fromGroupId).execute();
      await db.deleteFrom('link_groups').where('id', '=', fromGroupId).execute();
    },

    /** Removes a user from its group; answers the group it left, if any. */
    async removeMember(tenantId: number, userId: number): Promise<number | undefined> {
      const row = await db
        .deleteFrom('user_links')
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .returning('group_id')
        .executeTakeFirst();
      return row?.group_id;
    },

    /** Removes every user of a tenant from its group; answers the groups they left. */
    async removeTenant(tenantId: number): Promise<number[]> {
      const rows = await db.deleteFrom('user_links').where('tenant_id', '=', tenantId).returning('group_id').execute();
      return [...new Set(rows.map((r) => r.group_id))];
    },

    /** Dissolves the given groups that have fewer than two members left (a group of one links nobody). */
    async dissolveLoneGroups(groupIds: readonly number[]): Promise<void> {
      if (groupIds.length === 0) return;
      const lone = db
        .selectFrom('link_groups')
        .select('link_groups.id')
        .where('link_groups.id', 'in', [...groupIds])
        .where((eb) =>
          eb(eb.selectFrom('user_links').select(eb.fn.countAll().as('n')).whereRef('user_links.group_id', '=', 'link_groups.id'), '<', 2),
        );
      await db.deleteFrom('link_groups').where('id', 'in', lone).execute();
    },

    /** Whether two users are members of the same group. */
    async areLinked(a: { tenantId: number; userId: number }, b: { tenantId: number; userId: number }): Promise<boolean> {
      const row = await db
        .selectFrom('user_links as a')
        .innerJoin('user_links as b', 'b.group_id', 'a.group_id')
        .select('a.group_id')
        .where('a.tenant_id', '=', a.tenantId)
        .where('a.user_id', '=', a.userId)
        .where('b.tenant_id', '=', b.tenantId)
        .where('b.user_id', '=', b.userId)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** The other live members of a group, with their tenancy names, one page of them and their count. */
    async listMembers(
      groupId: number,
      except: { tenantId: number; userId: number },
      spec: LinkedUserListSpec,
    ): Promise<{ total: number; rows: LinkedUserRow[] }> {
      const base = db
        .selectFrom('user_links')
        .innerJoin('users', (join) => join.onRef('users.tenant_id', '=', 'user_links.tenant_id').onRef('users.id', '=', 'user_links.user_id'))
        .innerJoin('tenants', 'tenants.id', 'user_links.tenant_id')
        .where('user_links.group_id', '=', groupId)
        .where('users.deleted_at', 'is', null)
        .where('tenants.deleted_at', 'is', null)
        .where((eb) => eb.not(eb.and([eb('user_links.tenant_id', '=', except.tenantId), eb('user_links.user_id', '=', except.userId)])));
      let query = base.select([
        'user_links.tenant_id as tenantId',
        'user_links.user_id as userId',
        'tenants.tenancy_name as tenancyName',
        'users.user_name as userName',
      ]);
      for (const key of spec.sort) query = query.orderBy(sql`lower(${sql.ref(sortColumns[key.field])})`, key.order);
      const rows = await query.orderBy('user_links.tenant_id').orderBy('user_links.user_id').limit(spec.take).offset(spec.skip).execute();
      const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return { total: Number(count.n), rows };
    },
  };
}

export type UserLinkQueries = ReturnType<typeof userLinkQueries>;
