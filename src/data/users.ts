import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from './executor.js';
import type { UserTable } from './tables/foundation.js';

export type UserRow = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserChanges = Updateable<UserTable>;

/** Queries on users; the tenant key comes first in every one. Deleted users are invisible here. */
/** What claiming a sign-in attempt came to: claimed, claimed and starting a lockout, or refused (locked out). */
export type SignInClaim = 'claimed' | 'lockout_started' | 'refused';

export function userQueries(db: Executor) {
  const live = (tenantId: number) =>
    db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('deleted_at', 'is', null);

  return {
    async insert(user: NewUser): Promise<UserRow> {
      return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
    },

    async findById(tenantId: number, id: number): Promise<UserRow | undefined> {
      return live(tenantId).where('id', '=', id).executeTakeFirst();
    },

    /** Display names (`name surname`) of these live users of one tenant, in one statement; absent ids are missing. */
    async displayNames(tenantId: number, ids: readonly number[]): Promise<Map<number, string>> {
      if (ids.length === 0) return new Map();
      const rows = await db.selectFrom('users').select(['id', 'name', 'surname']).where('tenant_id', '=', tenantId).where('deleted_at', 'is', null).where('id', 'in', ids).execute();
      return new Map(rows.map((u) => [u.id, `${u.name} ${u.surname}`.trim()]));
    },

    /** Sign-in look-up: the user name or the e-mail address, ignoring case. */
    async findByUserNameOrEmail(tenantId: number, userNameOrEmail: string): Promise<UserRow | undefined> {
      const needle = userNameOrEmail.toLowerCase();
      const rows = await live(tenantId)
        .where((eb) => eb.or([eb(sql`lower(user_name)`, '=', needle), eb(sql`lower(email)`, '=', needle)]))
        .limit(2)
        .execute();
      // A user name that is someone else's e-mail: prefer the user name, as ASP.NET Zero does.
      return rows.find((r) => r.user_name.toLowerCase() === needle) ?? rows[0];
    },

    /** The user with this e-mail address, ignoring case (addresses are unique in a tenant). */
    async findByEmail(tenantId: number, email: string): Promise<UserRow | undefined> {
      return live(tenantId).where(sql`lower(email)`, '=', email.trim().toLowerCase()).executeTakeFirst();
    },

    async update(tenantId: number, id: number, changes: UserChanges): Promise<UserRow | undefined> {
      return db
        .updateTable('users')
        .set({ ...changes, modified_at: sql`now()` })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
    },

    /**
     * Claims one of the account's sign-in attempts *before* its password is checked, in one statement, so that
     * no burst of parallel sign-ins evaluates more passwords than the limit. The claim that reaches the limit
     * starts the lockout (`lockout_started`); once a lockout has run out the count starts again. Answers `refused`
     * while locked out.
     * A correct password gives its claim back (`recordSuccessfulSignIn`).
     */
    async claimSignInAttempt(tenantId: number, id: number, maxFailures: number, lockoutSeconds: number): Promise<SignInClaim> {
      const next = sql<number>`case when lockout_end is not null and lockout_end <= now() then 1 else failed_attempts + 1 end`;
      const claimed = await db
        .updateTable('users')
        .set({
          failed_attempts: next,
          lockout_end: sql`case when ${next} >= ${maxFailures} then now() + make_interval(secs => ${lockoutSeconds}) else null end`,
        })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .where((eb) => eb.or([eb('lockout_end', 'is', null), eb('lockout_end', '<=', sql<Date>`now()`)]))
        .returning('lockout_end')
        .executeTakeFirst();
      if (!claimed) return 'refused';
      return claimed.lockout_end ? 'lockout_started' : 'claimed';
    },

    /** How long ago (by the database's clock) the account's running lockout began; undefined when it is not locked out. */
    async lockoutAgeMs(tenantId: number, id: number, lockoutSeconds: number): Promise<number | undefined> {
      const row = await db
        .selectFrom('users')
        .select(sql<number | null>`case when lockout_end > now() then extract(epoch from now() - (lockout_end - make_interval(secs => ${lockoutSeconds}))) * 1000 end`.as('age'))
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row?.age == null ? undefined : Number(row.age);
    },

    async recordSuccessfulSignIn(tenantId: number, id: number): Promise<void> {
      await db
        .updateTable('users')
        .set({ failed_attempts: 0, lockout_end: null })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .execute();
    },

    /** The union of the permissions of the user's roles. */
    async listPermissions(tenantId: number, userId: number): Promise<string[]> {
      const rows = await db
        .selectFrom('user_roles')
        .innerJoin('roles', (join) =>
          join.onRef('roles.tenant_id', '=', 'user_roles.tenant_id').onRef('roles.id', '=', 'user_roles.role_id'),
        )
        .select('roles.permissions')
        .where('user_roles.tenant_id', '=', tenantId)
        .where('user_roles.user_id', '=', userId)
        .execute();
      return [...new Set(rows.flatMap((r) => r.permissions))];
    },

    /** Whether the user (looked up by id alone) may act: it exists, is active and is not deleted. */
    async isUsable(tenantId: number, id: number): Promise<boolean> {
      const row = await db.selectFrom('users').select(['is_active', 'deleted_at']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      return row !== undefined && row.is_active && row.deleted_at === null;
    },

    /** Ids of users who may not act (inactive), for the credential gate. */
    async listBlockedIds(): Promise<number[]> {
      const rows = await db
        .selectFrom('users')
        .select('id')
        .where((eb) => eb.or([eb('is_active', '=', false), eb('deleted_at', 'is not', null)]))
        .execute();
      return rows.map((r) => r.id);
    },
  };
}

export type UserQueries = ReturnType<typeof userQueries>;
