import { sql, type Selectable } from 'kysely';
import type { PaymentPeriodType } from '../domain/catalogue.js';
import type { Executor } from './executor.js';
import type { ProductPriceTable, ProductTable } from './tables/onboarding.js';

export type ProductRow = Selectable<ProductTable>;
export type ProductPriceRow = Selectable<ProductPriceTable>;
export type ProductWithPrices = ProductRow & { prices: ProductPriceRow[] };

export interface NewPrice {
  paymentPeriodType: PaymentPeriodType;
  currency: string;
  amountMinor: number;
}

/** The product catalogue (host-owned reference data: no tenant key). */
export function productQueries(db: Executor) {
  const withPrices = async (rows: ProductRow[]): Promise<ProductWithPrices[]> => {
    if (rows.length === 0) return [];
    const prices = await db
      .selectFrom('product_prices')
      .selectAll()
      .where('product_id', 'in', rows.map((r) => r.id))
      .orderBy('id')
      .execute();
    return rows.map((row) => ({ ...row, prices: prices.filter((p) => p.product_id === row.id) }));
  };

  return {
    async insert(product: { name: string; description: string | null }, prices: NewPrice[]): Promise<ProductWithPrices> {
      const row = await db.insertInto('products').values(product).returningAll().executeTakeFirstOrThrow();
      await this.replacePrices(row.id, prices);
      return (await withPrices([row]))[0]!;
    },

    async list(options: { includeRetired: boolean }): Promise<ProductWithPrices[]> {
      let query = db.selectFrom('products').selectAll();
      if (!options.includeRetired) query = query.where('is_retired', '=', false);
      return withPrices(await query.orderBy('id').execute());
    },

    /** Names of the products with these ids (retired ones included): for lookups that point at the catalogue. */
    async namesOf(ids: readonly number[]): Promise<Map<number, string>> {
      if (ids.length === 0) return new Map();
      const rows = await db.selectFrom('products').select(['id', 'name']).where('id', 'in', [...ids]).execute();
      return new Map(rows.map((r) => [r.id, r.name]));
    },

    async find(id: number): Promise<ProductWithPrices | undefined> {
      const row = await db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? (await withPrices([row]))[0] : undefined;
    },

    /**
     * The products with these ids, locked against change until the transaction ends (FOR SHARE): a lead
     * or a registration that relies on them cannot race their retirement or deletion.
     */
    async findForUse(ids: number[]): Promise<ProductWithPrices[]> {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('products').selectAll().where('id', 'in', ids).orderBy('id').forShare().execute();
      return withPrices(rows);
    },

    /** Locks one product for a change (update, retire, delete). */
    async findForChange(id: number): Promise<ProductRow | undefined> {
      return db.selectFrom('products').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    },

    async update(id: number, changes: { name?: string; description?: string | null; is_retired?: boolean }): Promise<void> {
      await db
        .updateTable('products')
        .set({ ...changes, modified_at: sql`now()` })
        .where('id', '=', id)
        .execute();
    },

    /**
     * Makes the product's prices exactly `prices`: a price of the same period and currency keeps its id
     * (and only changes its amount), others are removed or added.
     */
    async replacePrices(productId: number, prices: NewPrice[]): Promise<void> {
      const existing = await db.selectFrom('product_prices').selectAll().where('product_id', '=', productId).execute();
      const key = (period: string, currency: string) => `${period}:${currency}`;
      const wanted = new Map(prices.map((p) => [key(p.paymentPeriodType, p.currency), p]));
      const stale = existing.filter((e) => !wanted.has(key(e.payment_period_type, e.currency))).map((e) => e.id);
      if (stale.length > 0) await db.deleteFrom('product_prices').where('id', 'in', stale).execute();
      for (const price of prices) {
        await db
          .insertInto('product_prices')
          .values({ product_id: productId, payment_period_type: price.paymentPeriodType, currency: price.currency, amount_minor: price.amountMinor })
          .onConflict((oc) => oc.columns(['product_id', 'payment_period_type', 'currency']).doUpdateSet({ amount_minor: price.amountMinor }))
          .execute();
      }
    },

    /** Whether any lead, subscription or invoice names the product (then it is retired instead of deleted). */
    async isReferenced(id: number): Promise<boolean> {
      const row = await db
        .selectNoFrom((eb) => [
          eb
            .or([
              eb.exists(eb.selectFrom('lead_products').select('product_id').where('product_id', '=', id)),
              eb.exists(eb.selectFrom('subscriptions').select('product_id').where('product_id', '=', id)),
              eb.exists(eb.selectFrom('invoice_lines').select('product_id').where('product_id', '=', id)),
            ])
            .as('referenced'),
        ])
        .executeTakeFirstOrThrow();
      return Boolean(row.referenced);
    },

    async delete(id: number): Promise<void> {
      await db.deleteFrom('products').where('id', '=', id).execute();
    },
  };
}

export type ProductQueries = ReturnType<typeof productQueries>;
