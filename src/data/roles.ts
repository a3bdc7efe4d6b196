import type { Selectable } from 'kysely';
import type { Executor } from './executor.js';
import type { RoleTable } from './tables/foundation.js';

export type RoleRow = Selectable<RoleTable>;

export function roleQueries(db: Executor) {
  return {
    async insert(role: { tenantId: number; name: string; displayName: string; isStatic: boolean; isDefault: boolean; permissions: readonly string[] }): Promise<RoleRow> {
      return db
        .insertInto('roles')
        .values({
          tenant_id: role.tenantId,
          name: role.name,
          display_name: role.displayName,
          is_static: role.isStatic,
          is_default: role.isDefault,
          permissions: [...role.permissions],
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    async findByName(tenantId: number, name: string): Promise<RoleRow | undefined> {
      return db.selectFrom('roles').selectAll().where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
    },

    async findById(tenantId: number, id: number): Promise<RoleRow | undefined> {
      return db.selectFrom('roles').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    },

    /** Changes a role's name, display name, default flag and permissions; answers the new row (none: not found). */
    async update(tenantId: number, id: number, changes: { name: string; displayName: string; isDefault: boolean; permissions: readonly string[] }): Promise<RoleRow | undefined> {
      return db
        .updateTable('roles')
        .set({ name: changes.name, display_name: changes.displayName, is_default: changes.isDefault, permissions: [...changes.permissions] })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
    },

    /** Deletes a role; its holders lose it with it (`user_roles` cascades). */
    async delete(tenantId: number, id: number): Promise<void> {
      await db.deleteFrom('roles').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
    },

    /** How many users (deleted ones left out) hold each role of the tenant. */
    async holderCounts(tenantId: number): Promise<Map<number, number>> {
      const rows = await db
        .selectFrom('user_roles')
        .innerJoin('users', (join) => join.onRef('users.tenant_id', '=', 'user_roles.tenant_id').onRef('users.id', '=', 'user_roles.user_id'))
        .select(['user_roles.role_id', (eb) => eb.fn.countAll<string>().as('count')])
        .where('user_roles.tenant_id', '=', tenantId)
        .where('users.deleted_at', 'is', null)
        .groupBy('user_roles.role_id')
        .execute();
      return new Map(rows.map((r) => [Number(r.role_id), Number(r.count)]));
    },

    async listForTenant(tenantId: number): Promise<RoleRow[]> {
      return db.selectFrom('roles').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
    },

    async setPermissions(tenantId: number, roleId: number, permissions: readonly string[]): Promise<void> {
      await db.updateTable('roles').set({ permissions: [...permissions] }).where('tenant_id', '=', tenantId).where('id', '=', roleId).execute();
    },

    async assign(tenantId: number, userId: number, roleId: number): Promise<void> {
      await db
        .insertInto('user_roles')
        .values({ tenant_id: tenantId, user_id: userId, role_id: roleId })
        .onConflict((oc) => oc.doNothing())
        .execute();
    },

    async listRoleNamesOfUser(tenantId: number, userId: number): Promise<string[]> {
      const rows = await db
        .selectFrom('user_roles')
        .innerJoin('roles', (join) =>
          join.onRef('roles.tenant_id', '=', 'user_roles.tenant_id').onRef('roles.id', '=', 'user_roles.role_id'),
        )
        .select('roles.name')
        .where('user_roles.tenant_id', '=', tenantId)
        .where('user_roles.user_id', '=', userId)
        .execute();
      return rows.map((r) => r.name);
    },
  };
}

export type RoleQueries = ReturnType<typeof roleQueries>;
