import { sql } from 'kysely';
import { HOST_TENANT_ID } from '../domain/caller.js';
import type { Executor } from './executor.js';

/** How many of something happened on one UTC day (`YYYY-MM-DD`). */
export interface DayCount {
  day: string;
  count: number;
}

export interface TenantStateCounts {
  active: number;
  suspended: number;
  deleted: number;
}

/** The monthly value of one product's active subscriptions in one currency (minor units, an annual price / 12). */
export interface ProductRevenue {
  productId: number;
  productName: string;
  currency: string;
  monthlyMinor: number;
  subscriptions: number;
}

/** Days are UTC days, so that every operator reads the same figures whatever the server's time zone. */
const utcDay = (column: string) => sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD')`;

/**
 * The host dashboard's figures, added up in the database across every tenant (host transactions only: row-level
 * security would confine a tenant's transaction to its own rows). The host row (tenant 0) is never a tenant.
 */
export function hostDashboardQueries(db: Executor) {
  return {
    /** Tenants created per day in [from, to). Days without one are absent. */
    async tenantsCreatedPerDay(from: Date, to: Date): Promise<DayCount[]> {
      const rows = await db
        .selectFrom('tenants')
        .select([utcDay('created_at').as('day'), (eb) => eb.fn.countAll<string>().as('count')])
        .where('id', '<>', HOST_TENANT_ID)
        .where('created_at', '>=', from)
        .where('created_at', '<', to)
        .groupBy(sql`1`)
        .execute();
      return rows.map((r) => ({ day: r.day, count: Number(r.count) }));
    },

    /** Tenancy requests (leads) submitted per day in [from, to), by anyone. */
    async leadsSubmittedPerDay(from: Date, to: Date): Promise<DayCount[]> {
      const rows = await db
        .selectFrom('leads')
        .select([utcDay('created_at').as('day'), (eb) => eb.fn.countAll<string>().as('count')])
        .where('created_at', '>=', from)
        .where('created_at', '<', to)
        .groupBy(sql`1`)
        .execute();
      return rows.map((r) => ({ day: r.day, count: Number(r.count) }));
    },

    /** Every tenant now, by state: deleted (restorable, not yet purged) wins over suspended. */
    async tenantsByState(): Promise<TenantStateCounts> {
      const row = await db
        .selectFrom('tenants')
        .select([
          sql<string>`count(*) filter (where deleted_at is null and is_active)`.as('active'),
          sql<string>`count(*) filter (where deleted_at is null and not is_active)`.as('suspended'),
          sql<string>`count(*) filter (where deleted_at is not null)`.as('deleted'),
        ])
        .where('id', '<>', HOST_TENANT_ID)
        .executeTakeFirstOrThrow();
      return { active: Number(row.active), suspended: Number(row.suspended), deleted: Number(row.deleted) };
    },

    /** Leads submitted in [from, to), and how many of those became a tenant (so far). */
    async leadConversion(from: Date, to: Date): Promise<{ leads: number; converted: number }> {
      const row = await db
        .selectFrom('leads')
        .select([sql<string>`count(*)`.as('leads'), sql<string>`count(*) filter (where status = 'converted')`.as('converted')])
        .where('created_at', '>=', from)
        .where('created_at', '<', to)
        .executeTakeFirstOrThrow();
      return { leads: Number(row.leads), converted: Number(row.converted) };
    },

    /**
     * Monthly recurring revenue now: active subscriptions of tenants that are not deleted, price × quantity,
     * an annual price counted as a twelfth, rounded to the minor unit per product and currency.
     */
    async monthlyRecurringRevenue(): Promise<ProductRevenue[]> {
      const rows = await db
        .selectFrom('subscriptions as s')
        .innerJoin('tenants as t', 't.id', 's.tenant_id')
        .innerJoin('products as p', 'p.id', 's.product_id')
        .select([
          's.product_id as productId',
          'p.name as productName',
          's.currency',
          sql<string>`round(sum(s.amount_minor::numeric * s.quantity / case when s.payment_period_type = 'Annual' then 12 else 1 end))`.as('monthlyMinor'),
          sql<string>`count(*)`.as('subscriptions'),
        ])
        .where('s.status', '=', 'active')
        .where('t.deleted_at', 'is', null)
        .groupBy(['s.product_id', 'p.name', 's.currency'])
        .orderBy('s.currency')
        .orderBy('p.name')
        .execute();
      return rows.map((r) => ({ ...r, monthlyMinor: Number(r.monthlyMinor), subscriptions: Number(r.subscriptions) }));
    },
  };
}

export type HostDashboardQueries = ReturnType<typeof hostDashboardQueries>;
