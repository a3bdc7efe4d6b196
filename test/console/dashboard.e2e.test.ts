import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, screenshot } from '../helpers/browser.js';
import { startConsoleApp } from '../helpers/console-app.js';
import { expectAccessible, openPage, photograph, signInThroughPage, useColours } from '../helpers/console-pages.js';
import { testEngines } from '../helpers/engines.js';
import { createCoupon, createProduct, hostToken, RPC, submitLead, validCompleteBody } from '../helpers/onboarding.js';
import type { TestApp } from '../helpers/test-app.js';

/**
 * The host dashboard in Chromium: its four pictures show what the API answers for the sign-ups, tenants,
 * conversion and revenue this test makes, in light and dark, at desktop width and at 375 px, with no serious
 * accessibility violation.
 */
for (const engine of testEngines()) {
  describe(`the host dashboard in Chromium (${engine.name})`, () => {
    let t: TestApp;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;

    before(async () => {
      t = await startConsoleApp(engine);
      browser = await launchChromium();
      const token = await hostToken(t);
      const starter = await createProduct(t, token, [{ paymentPeriodType: 'Monthly', amount: 29, currency: 'USD' }], 'Starter');
      const team = await createProduct(t, token, [{ paymentPeriodType: 'Annual', amount: 600, currency: 'USD' }], 'Team');
      const free = await createCoupon(t, token, { percentOff: 100 });
      // Three customers whose first invoice is settled (active subscriptions), one who never finished.
      for (const [product, period] of [[starter, 'Monthly'], [starter, 'Monthly'], [team, 'Annual']] as const) {
        const lead = await submitLead(t, token, product.id, { products: [{ productId: product.id, paymentPeriodType: period, quantity: 1 }], couponCode: free.code });
        const done = await t.http.post(RPC.complete, validCompleteBody(lead.leadRequestXref), { token });
        assert.equal(done.status, 200, done.text);
      }
      await submitLead(t, token, starter.id);
    });
    after(async () => {
      if (page && !page.isClosed()) await screenshot(page, `last-${engine.name}-dashboard`);
      await context?.close();
      await browser?.close();
      await t?.close();
    });

    test('the host opens the dashboard from the navigation and sees the figures the API gives, light and dark', async () => {
      ({ context, page } = await openPage(browser, t.url));
      await signInThroughPage(page);
      await page.getByRole('link', { name: 'Dashboard' }).focus();
      await page.keyboard.press('Enter');
      await page.waitForURL('**/dashboard');
      const board = page.getByTestId('dashboard');
      await board.waitFor();

      const answer = await t.http.get('/api/services/Platform/HostDashboard/GetDashboardStatisticsData', { token: await hostToken(t) });
      const { tenantsByState, leadConversion, monthlyRecurringRevenue } = answer.body;
      const captions = await board.locator('figcaption').allInnerTexts();
      assert.match(captions[1]!, new RegExp(`${tenantsByState.active} active`));
      assert.match(captions[2]!, new RegExp(`${Math.round(leadConversion.rate * 100)}% of ${leadConversion.leads} tenancy requests`));
      // 29 + 29 a month, and 600 a year as 50 a month.
      assert.deepEqual(monthlyRecurringRevenue.total, [{ currency: 'USD', amount: 108 }]);
      await page.getByRole('heading', { name: /Monthly recurring revenue: \$108\.00/ }).waitFor();
      assert.equal(await board.locator('.recharts-bar-rectangle, .recharts-sector').count() > 0, true, 'the charts are drawn');
      await expectAccessible(page, 'dashboard (light)');
      await photograph(page, 'dashboard');

      await useColours(page, 'dark');
      await expectAccessible(page, 'dashboard (dark)');
      await photograph(page, 'dashboard-dark');

      // The window is a radio group: the keyboard moves it, and the address keeps it.
      await page.getByRole('radio', { name: '30 days' }).focus();
      await page.keyboard.press('ArrowRight');
      await page.waitForURL('**/dashboard?days=90');
      await page.getByText(/tenancy requests and \d+ new tenants from/).waitFor();
      assert.equal(await board.locator('.recharts-bar-rectangle').count() > 0, true);
    });
  });
}
