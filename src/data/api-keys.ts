import { sql, type Selectable } from 'kysely';
import type { Executor } from './executor.js';
import { totalFromPage } from './page-total.js';
import type { ApiKeyTable } from './tables/api-keys.js';

export type ApiKeyRow = Selectable<ApiKeyTable>;

/** A key as lists show it: the row with its user's name, never the secret's hash. */
export type ApiKeyListing = Omit<ApiKeyRow, 'secret_hash' | 'seen_ips'> & { user_name: string };

/**
 * What verifying a presented key needs, with its rate limits resolved as far as the database knows them
 * (the key's own, else its tenant's; null: the service's), so a keyed request needs no further look-up.
 */
export type ApiKeyCredential = Pick<ApiKeyRow, 'tenant_id' | 'id' | 'user_id' | 'secret_hash' | 'paths' | 'expires_at' | 'created_at' | 'revoked_at' | 'seen_ips'> & {
  limit_per_minute: number | null;
  limit_per_day: number | null;
};

const listed = [
  'tenant_id', 'id', 'user_id', 'name', 'prefix', 'paths', 'expires_at', 'created_at', 'created_by_user_id', 'last_used_at', 'revoked_at',
  'rate_limit_per_minute', 'rate_limit_per_day',
] as const;

/** API keys; the tenant key comes first in every query. Revoked (deleted) keys are invisible except to verification. */
export function apiKeyQueries(db: Executor) {
  const listing = (tenantId: number) =>
    db
      .selectFrom('api_keys')
      .innerJoin('users', (join) => join.onRef('users.tenant_id', '=', 'api_keys.tenant_id').onRef('users.id', '=', 'api_keys.user_id'))
      .select(listed.map((c) => `api_keys.${c}` as const))
      .select('users.user_name')
      .where('api_keys.tenant_id', '=', tenantId)
      .where('api_keys.revoked_at', 'is', null)
      .where('users.deleted_at', 'is', null);

  return {
    /** Draws the next key id, so the key (which carries its id) can be made before its row is written. */
    async reserveId(): Promise<number> {
      const { rows } = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('api_keys', 'id')) as id`.execute(db);
      return Number(rows[0]!.id);
    },

    async insert(key: {
      tenantId: number;
      id: number;
      userId: number;
      name: string;
      prefix: string;
      secretHash: Buffer;
      paths: readonly string[];
      expiresAt: Date;
      createdByUserId: number;
      rateLimitPerMinute: number | null;
      rateLimitPerDay: number | null;
    }): Promise<ApiKeyRow> {
      return db
        .insertInto('api_keys')
        .values({
          tenant_id: key.tenantId,
          id: key.id,
          user_id: key.userId,
          name: key.name,
          prefix: key.prefix,
          secret_hash: key.secretHash,
          paths: [...key.paths],
          expires_at: key.expiresAt,
          created_by_user_id: key.createdByUserId,
          rate_limit_per_minute: key.rateLimitPerMinute,
          rate_limit_per_day: key.rateLimitPerDay,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    async findLive(tenantId: number, id: number): Promise<ApiKeyListing | undefined> {
      return listing(tenantId).where('api_keys.id', '=', id).executeTakeFirst();
    },

    /** A page of the tenant's live keys, newest first, optionally of one user only. */
    async list(tenantId: number, query: { userId?: number | undefined; skip: number; take: number }): Promise<{ total: number; items: ApiKeyListing[] }> {
      // The listed keys as `listing` finds them, with the user's liveness as a semi-join, so that the page's ids come
      // from the index in this order (api_keys_live_page_idx, api_keys_user_page_idx) walked in order, then its rows:
      // a page far down reads index entries up to it, not every key before it (a join sorted them all).
      let base = db
        .selectFrom('api_keys')
        .where('api_keys.tenant_id', '=', tenantId)
        .where('api_keys.revoked_at', 'is', null)
        .where((eb) =>
          eb.exists(
            eb.selectFrom('users').select(sql`1`.as('one')).whereRef('users.tenant_id', '=', 'api_keys.tenant_id').whereRef('users.id', '=', 'api_keys.user_id').where('users.deleted_at', 'is', null),
          ),
        );
      if (query.userId !== undefined) base = base.where('api_keys.user_id', '=', query.userId);
      const page = base.select('api_keys.id').orderBy('api_keys.created_at', 'desc').orderBy('api_keys.id', 'desc').offset(query.skip).limit(query.take);
      const items = await listing(tenantId).where('api_keys.id', 'in', page).orderBy('api_keys.created_at', 'desc').orderBy('api_keys.id', 'desc').execute();
      const total = totalFromPage(query.skip, query.take, items.length) ?? Number((await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow()).total);
      return { total, items };
    },

    async update(
      tenantId: number,
      id: number,
      changes: { name?: string; paths?: readonly string[]; expiresAt?: Date; rateLimitPerMinute?: number | null; rateLimitPerDay?: number | null },
    ): Promise<void> {
      await db
        .updateTable('api_keys')
        .set({
          ...(changes.rateLimitPerMinute !== undefined ? { rate_limit_per_minute: changes.rateLimitPerMinute } : {}),
          ...(changes.rateLimitPerDay !== undefined ? { rate_limit_per_day: changes.rateLimitPerDay } : {}),
          ...(changes.name !== undefined ? { name: changes.name } : {}),
          ...(changes.paths !== undefined ? { paths: [...changes.paths] } : {}),
          ...(changes.expiresAt !== undefined ? { expires_at: changes.expiresAt } : {}),
        })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
    },

    /** Marks the key revoked; answers whether it was live. */
    async revoke(tenantId: number, id: number): Promise<boolean> {
      const result = await db
        .updateTable('api_keys')
        .set({ revoked_at: sql`now()` })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** Revokes every live key of a user, or of every user of a tenant; answers the revoked ids. */
    async revokeAll(tenantId: number, userId?: number): Promise<number[]> {
      let query = db.updateTable('api_keys').set({ revoked_at: sql`now()` }).where('tenant_id', '=', tenantId).where('revoked_at', 'is', null);
      if (userId !== undefined) query = query.where('user_id', '=', userId);
      const rows = await query.returning('id').execute();
      return rows.map((r) => Number(r.id));
    },

    /** The key as verification needs it, revoked or not (the caller decides). */
    async findCredential(tenantId: number, id: number): Promise<ApiKeyCredential | undefined> {
      return db
        .selectFrom('api_keys')
        // A host key (tenant 0) has no tenant row.
        .leftJoin('tenants', 'tenants.id', 'api_keys.tenant_id')
        .select(['api_keys.tenant_id', 'api_keys.id', 'api_keys.user_id', 'api_keys.secret_hash', 'api_keys.paths', 'api_keys.expires_at'])
        .select(['api_keys.created_at', 'api_keys.revoked_at', 'api_keys.seen_ips'])
        .select((eb) => [
          eb.fn.coalesce('api_keys.rate_limit_per_minute', 'tenants.rate_limit_per_minute').as('limit_per_minute'),
          eb.fn.coalesce('api_keys.rate_limit_per_day', 'tenants.rate_limit_per_day').as('limit_per_day'),
        ])
        .where('api_keys.tenant_id', '=', tenantId)
        .where('api_keys.id', '=', id)
        .executeTakeFirst();
    },

    /**
     * Adds a client IP to those the key was used from (the last 20 are kept); answers false when the key
     * already knew it, so two instances seeing the same new IP record it once.
     */
    async addSeenIp(tenantId: number, id: number, ip: string): Promise<boolean> {
      const result = await db
        .updateTable('api_keys')
        .set({ seen_ips: sql`(seen_ips || ${ip}::text)[greatest(1, cardinality(seen_ips) - 18):]` })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .where(sql<boolean>`not (${ip}::text = any (seen_ips))`)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** Records a use of the key (callers throttle this; it is not written per request). */
    async recordUse(tenantId: number, id: number, at: Date): Promise<void> {
      await db.updateTable('api_keys').set({ last_used_at: at }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
    },
  };
}

export type ApiKeyQueries = ReturnType<typeof apiKeyQueries>;
