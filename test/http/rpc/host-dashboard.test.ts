import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../helpers/engines.js';
import { createTenant } from '../../helpers/fixtures.js';
import { createCoupon, createProduct, hostToken, namedFields, RPC, submitLead, validCompleteBody } from '../../helpers/onboarding.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const DASHBOARD = '/api/services/Platform/HostDashboard/GetDashboardStatisticsData';
const DAY_MS = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);

interface Figures {
  signUpsPerDay: { date: string; leads: number; tenants: number }[];
  tenantsByState: { active: number; suspended: number; deleted: number };
  leadConversion: { leads: number; converted: number; rate: number | null };
  monthlyRecurringRevenue: { total: { currency: string; amount: number }[]; byProduct: { productId: number; amount: number; currency: string; subscriptions: number }[] };
}

for (const engine of testEngines()) {
  describe(`the host dashboard (Platform/HostDashboard/GetDashboardStatisticsData) on ${engine.name}`, () => {
    let t: TestApp;
    let token: string;
    before(async () => {
      t = await startTestApp(engine);
      token = await hostToken(t);
    });
    after(() => t.close());

    // A window of yesterday to tomorrow holds everything made now, even across midnight UTC.
    const figures = async (): Promise<Figures> => {
      const answer = await t.http.get(`${DASHBOARD}?startDate=${day(-1)}&endDate=${day(1)}`, { token });
      assert.equal(answer.status, 200, answer.text);
      return answer.body as Figures;
    };
    const sum = (f: Figures, key: 'leads' | 'tenants') => f.signUpsPerDay.reduce((n, d) => n + d[key], 0);
    const usd = (f: Figures) => f.monthlyRecurringRevenue.total.find((m) => m.currency === 'USD')?.amount ?? 0;

    it('counts sign-ups per day, tenants by state, conversion and recurring revenue from what really happened', async () => {
      const before = await figures();
      assert.deepEqual(before.signUpsPerDay.map((d) => d.date), [day(-1), day(0), day(1)]);

      const product = await createProduct(t, token, [
        { paymentPeriodType: 'Monthly', amount: 29.99, currency: 'USD' },
        { paymentPeriodType: 'Annual', amount: 120, currency: 'USD' },
      ]);
      // Nothing to pay: the subscriptions start at once (active), at the catalogue price.
      const free = await createCoupon(t, token, { percentOff: 100 });
      const register = async (paymentPeriodType: string, couponCode: string | null) => {
        const lead = await submitLead(t, token, product.id, { products: [{ productId: product.id, paymentPeriodType, quantity: 1 }], couponCode });
        const done = await t.http.post(RPC.complete, validCompleteBody(lead.leadRequestXref), { token });
        assert.equal(done.status, 200, done.text);
        return done.body.tenantId as number;
      };
      const monthly = await register('Monthly', free.code);
      await register('Monthly', free.code);
      const annual = await register('Annual', free.code);
      await register('Monthly', null); // unpaid: pending, not revenue
      await submitLead(t, token, product.id); // never completed
      await createTenant(t); // made by the host directly: a tenant, not a lead

      const now = await figures();
      assert.equal(sum(now, 'leads') - sum(before, 'leads'), 5);
      assert.equal(sum(now, 'tenants') - sum(before, 'tenants'), 5);
      assert.equal(now.leadConversion.leads - before.leadConversion.leads, 5);
      assert.equal(now.leadConversion.converted - before.leadConversion.converted, 4);
      assert.equal(now.leadConversion.rate, now.leadConversion.converted / now.leadConversion.leads);
      assert.equal(now.tenantsByState.active - before.tenantsByState.active, 5);
      const mine = now.monthlyRecurringRevenue.byProduct.filter((p) => p.productId === product.id);
      // Twice 29.99 a month, and 120 a year as 10.00 a month.
      assert.deepEqual(mine.map(({ amount, currency, subscriptions }) => ({ amount, currency, subscriptions })), [{ amount: 69.98, currency: 'USD', subscriptions: 3 }]);
      assert.equal(Number((usd(now) - usd(before)).toFixed(2)), 69.98);

      // A suspended tenant still pays; a deleted one does not.
      assert.equal((await t.http.post('/api/services/Platform/Tenant/SetTenantActive', { id: annual, isActive: false }, { token })).status, 200);
      assert.equal((await t.http.delete(`/api/services/Platform/Tenant/DeleteTenant?id=${monthly}`, { token })).status, 200);
      const later = await figures();
      assert.deepEqual(
        { active: later.tenantsByState.active - now.tenantsByState.active, suspended: later.tenantsByState.suspended - now.tenantsByState.suspended, deleted: later.tenantsByState.deleted - now.tenantsByState.deleted },
        { active: -2, suspended: 1, deleted: 1 },
      );
      const left = later.monthlyRecurringRevenue.byProduct.filter((p) => p.productId === product.id);
      assert.deepEqual(left.map((p) => [p.amount, p.subscriptions]), [[39.99, 2]]);
    });

    it('answers the last 30 days up to today without a window, every day present', async () => {
      const answer = await t.http.get(DASHBOARD, { token });
      assert.equal(answer.status, 200, answer.text);
      const f = answer.body as Figures & { startDate: string; endDate: string };
      assert.equal(f.signUpsPerDay.length, 30);
      assert.equal(f.signUpsPerDay[0]!.date, f.startDate);
      assert.equal(f.signUpsPerDay.at(-1)!.date, f.endDate);
    });

    it('names the field of a bad window: not a date, an end before the start, more than 366 days', async () => {
      const bad = async (query: string) => {
        const answer = await t.http.get(`${DASHBOARD}?${query}`, { token });
        assert.equal(answer.status, 400, answer.text);
        return namedFields(answer);
      };
      assert.deepEqual(await bad('startDate=yesterday'), ['startDate']);
      assert.deepEqual(await bad('endDate=2026-13-40'), ['endDate']);
      assert.deepEqual(await bad('startDate=2026-02-02&endDate=2026-02-01'), ['endDate']);
      assert.deepEqual(await bad('startDate=2024-01-01&endDate=2026-01-01'), ['startDate']);
    });

    it('refuses a tenant admin (403): the figures are every tenant’s', async () => {
      const tenant = await createTenant(t);
      const tenantToken = await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
      const answer = await t.http.get(DASHBOARD, { token: tenantToken });
      assert.equal(answer.status, 403, answer.text);
    });
  });
}
