import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor } from './executor.js';
import type { CouponTable } from './tables/onboarding.js';

export type CouponRow = Selectable<CouponTable>;

/** Coupons (host-owned reference data). Deleted coupons are invisible here; used ones stay for the record. */
export function couponQueries(db: Executor) {
  const live = () => db.selectFrom('coupons').selectAll().where('deleted_at', 'is', null);

  return {
    async insert(coupon: Omit<Insertable<CouponTable>, 'id' | 'redemption_count' | 'deleted_at' | 'created_at'>): Promise<CouponRow> {
      return db.insertInto('coupons').values(coupon).returningAll().executeTakeFirstOrThrow();
    },

    async list(): Promise<CouponRow[]> {
      return live().orderBy('id').execute();
    },

    async find(id: number): Promise<CouponRow | undefined> {
      return live().where('id', '=', id).executeTakeFirst();
    },

    async findByCode(code: string): Promise<CouponRow | undefined> {
      return live().where(sql<string>`lower(code)`, '=', code.toLowerCase()).executeTakeFirst();
    },

    /**
     * Counts one redemption if the coupon is still live, unexpired and has redemptions left; answers the
     * coupon, or undefined when it cannot be redeemed. Atomic: concurrent redemptions never exceed the limit.
     */
    async redeem(id: number): Promise<CouponRow | undefined> {
      return db
        .updateTable('coupons')
        .set({ redemption_count: sql`redemption_count + 1` })
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
        .where((eb) => eb.or([eb('max_redemptions', 'is', null), eb('redemption_count', '<', eb.ref('max_redemptions'))]))
        .returningAll()
        .executeTakeFirst();
    },

    /** Whether a lead or an invoice names the coupon (then it is kept, marked deleted). */
    async isReferenced(id: number): Promise<boolean> {
      const row = await db
        .selectNoFrom((eb) => [
          eb
            .or([
              eb.exists(eb.selectFrom('leads').select('id').where('coupon_id', '=', id)),
              eb.exists(eb.selectFrom('invoices').select('id').where('coupon_id', '=', id)),
            ])
            .as('referenced'),
        ])
        .executeTakeFirstOrThrow();
      return Boolean(row.referenced);
    },

    /** Locks a live coupon for a change. */
    async findForChange(id: number): Promise<CouponRow | undefined> {
      return live().where('id', '=', id).forUpdate().executeTakeFirst();
    },

    /** Changes a coupon's limits (its code and reduction stay what invoices were written with). */
    async setLimits(id: number, limits: { expires_at?: Date | null; max_redemptions?: number | null }): Promise<CouponRow> {
      return db.updateTable('coupons').set(limits).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    },

    async markDeleted(id: number): Promise<void> {
      await db.updateTable('coupons').set({ deleted_at: sql`now()` }).where('id', '=', id).execute();
    },

    async delete(id: number): Promise<void> {
      await db.deleteFrom('coupons').where('id', '=', id).execute();
    },
  };
}

export type CouponQueries = ReturnType<typeof couponQueries>;
