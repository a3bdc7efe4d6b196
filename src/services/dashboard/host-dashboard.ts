import { Type, type Static } from 'typebox';
import type { Data } from '../../data/index.js';
import type { DayCount } from '../../data/host-dashboard.js';
import { demand, isHost, type Caller } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';
import { fromMinorUnits } from '../../domain/money.js';

const DAY_MS = 86_400_000;
/** The widest window one call adds up: a year (and a leap day). */
export const MAX_DASHBOARD_DAYS = 366;
/** The window when none is asked: the last 30 days, today included. */
const DEFAULT_DAYS = 30;

const Count = Type.Integer({ minimum: 0 });
const Money = Type.Object({ currency: Type.String(), amount: Type.Number() });

/** What `Platform/HostDashboard/GetDashboardStatisticsData` answers (after ASP.NET Zero's `HostDashboardData`). */
export const HostDashboardDataSchema = Type.Object({
  startDate: Type.String({ format: 'date', description: 'First UTC day of the window.' }),
  endDate: Type.String({ format: 'date', description: 'Last UTC day of the window (included).' }),
  signUpsPerDay: Type.Array(Type.Object({ date: Type.String({ format: 'date' }), leads: Count, tenants: Count }), {
    description: 'Every day of the window, oldest first: tenancy requests submitted and tenants created that UTC day.',
  }),
  tenantsByState: Type.Object({ active: Count, suspended: Count, deleted: Count }, { description: 'Every tenant now; purged tenants are gone.' }),
  leadConversion: Type.Object(
    { leads: Count, converted: Count, rate: Type.Union([Type.Number(), Type.Null()], { description: 'converted / leads; null without leads.' }) },
    { description: 'Leads submitted in the window and how many of them have become a tenant.' },
  ),
  monthlyRecurringRevenue: Type.Object(
    {
      total: Type.Array(Money, { description: 'One sum per currency: amounts in different currencies are never added.' }),
      byProduct: Type.Array(Type.Object({ productId: Type.Integer(), productName: Type.String(), currency: Type.String(), amount: Type.Number(), subscriptions: Count })),
    },
    { description: 'Now: active subscriptions of tenants that are not deleted, price × quantity; an annual price counts a twelfth.' },
  ),
});
export type HostDashboardData = Static<typeof HostDashboardDataSchema>;

export const DashboardWindowSchema = Type.Object({
  startDate: Type.Optional(Type.String({ maxLength: 40 })),
  endDate: Type.Optional(Type.String({ maxLength: 40 })),
});
export type DashboardWindow = Static<typeof DashboardWindowSchema>;

/** The host's dashboard: sign-ups, tenants by state, lead conversion and recurring revenue, summed in the database. */
export class HostDashboard {
  constructor(private readonly data: Data) {}

  async statistics(caller: Caller, window: DashboardWindow, now = new Date()): Promise<HostDashboardData> {
    demand(caller, 'Tenants.Manage');
    if (!isHost(caller)) throw AppError.forbidden('Only the host reads the dashboard of every tenant.');
    const { from, days } = readWindow(window, now);
    const to = new Date(from.getTime() + days * DAY_MS);
    const q = this.data.hostDashboard;
    const [tenants, leads, tenantsByState, conversion, revenue] = await Promise.all([
      q.tenantsCreatedPerDay(from, to),
      q.leadsSubmittedPerDay(from, to),
      q.tenantsByState(),
      q.leadConversion(from, to),
      q.monthlyRecurringRevenue(),
    ]);
    const tenantsOn = byDay(tenants);
    const leadsOn = byDay(leads);
    const totals = new Map<string, number>();
    for (const r of revenue) totals.set(r.currency, (totals.get(r.currency) ?? 0) + r.monthlyMinor);
    return {
      startDate: isoDay(from),
      endDate: isoDay(new Date(to.getTime() - DAY_MS)),
      signUpsPerDay: Array.from({ length: days }, (_, i) => {
        const date = isoDay(new Date(from.getTime() + i * DAY_MS));
        return { date, leads: leadsOn.get(date) ?? 0, tenants: tenantsOn.get(date) ?? 0 };
      }),
      tenantsByState,
      leadConversion: { ...conversion, rate: conversion.leads === 0 ? null : conversion.converted / conversion.leads },
      monthlyRecurringRevenue: {
        total: [...totals].map(([currency, minor]) => ({ currency, amount: fromMinorUnits(minor, currency) })),
        byProduct: revenue.map((r) => ({
          productId: r.productId,
          productName: r.productName,
          currency: r.currency,
          amount: fromMinorUnits(r.monthlyMinor, r.currency),
          subscriptions: r.subscriptions,
        })),
      },
    };
  }
}

const byDay = (counts: DayCount[]) => new Map(counts.map((c) => [c.day, c.count]));
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** The window as whole UTC days: its first day and how many; field errors name `startDate` or `endDate`. */
function readWindow(window: DashboardWindow, now: Date): { from: Date; days: number } {
  const today = startOfDay(now);
  const end = readDay('endDate', window.endDate) ?? today;
  const start = readDay('startDate', window.startDate) ?? new Date(end.getTime() - (DEFAULT_DAYS - 1) * DAY_MS);
  const days = Math.round((end.getTime() - start.getTime()) / DAY_MS) + 1;
  if (days < 1) throw AppError.field('endDate', 'The end date is before the start date.');
  if (days > MAX_DASHBOARD_DAYS) throw AppError.field('startDate', `The window is at most ${MAX_DASHBOARD_DAYS} days.`);
  return { from: start, days };
}

function readDay(field: string, value: string | undefined): Date | undefined {
  if (!value?.trim()) return undefined;
  const date = new Date(value.trim());
  if (Number.isNaN(date.getTime())) throw AppError.field(field, `"${value.slice(0, 40)}" is not a date (use ISO 8601, e.g. 2026-01-31).`);
  return startOfDay(date);
}

const startOfDay = (date: Date) => new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);
