import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot, seriousViolations } from '../helpers/browser.js';
import { startConsoleApp } from '../helpers/console-app.js';
import { testEngines } from '../helpers/engines.js';
import { createTenant, createUser } from '../helpers/fixtures.js';
import { WHO_AM_I } from '../helpers/http.js';
import { hostToken } from '../helpers/onboarding.js';
import type { TestApp } from '../helpers/test-app.js';

/**
 * The console's impersonation banner in Chromium: an impersonated session says whose account it is and who is
 * in it, and "Back to my account" (by keyboard) returns to the impersonator's own session.
 */
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 740 };

/** Tabs from the top of the page until the control named `name` has the focus (keyboard alone). */
async function tabTo(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => (globalThis as any).document.activeElement?.textContent?.trim() ?? '')) === name) return;
  }
  assert.fail(`"${name}" cannot be reached with Tab`);
}

for (const engine of testEngines()) {
  describe(`impersonation in the console (${engine.name})`, () => {
    let t: TestApp;
    let browser: Browser;
    before(async () => {
      t = await startConsoleApp(engine);
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await t?.close();
    });

    test('shows "Signed in as X by Y" in an impersonated session and goes back by keyboard', async () => {
      const tenant = await createTenant(t);
      const member = await createUser(t, tenant.tenant, ['Settings.Manage']);
      const host = await hostToken(t);
      const issued = await t.http.post('/api/services/Platform/Account/Impersonate', { userId: member.user.id, tenantId: tenant.tenant.id }, { token: host });
      assert.equal(issued.status, 200, issued.text);
      const pair = await t.http.post(`/api/TokenAuth/ImpersonatedAuthenticate?impersonationToken=${encodeURIComponent(issued.body.impersonationToken)}`);
      assert.equal(pair.status, 200, pair.text);

      const context = await browser.newContext({ viewport: DESKTOP, baseURL: t.url });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      // The session as the console keeps it after redeeming an impersonation token (api/sign-in.ts, adoptTokens).
      await page.goto('/signin');
      await page.evaluate((session) => (globalThis as any).sessionStorage.setItem('tenantry.session', JSON.stringify(session)), {
        accessToken: pair.body.accessToken,
        refreshToken: pair.body.refreshToken,
        userId: member.user.id,
        tenantId: tenant.tenant.id,
        tenancyName: tenant.tenant.tenancy_name,
        userName: member.user.user_name,
        permissions: ['Settings.Manage'],
        impersonatorUserName: 'admin',
      });
      await page.goto('/settings');
      const banner = page.getByTestId('impersonation-banner');
      await banner.waitFor();
      assert.equal((await banner.innerText()).replace(/\s+/g, ' ').trim(), `Signed in as ${member.user.user_name} by admin Back to my account`);
      assert.deepEqual(await seriousViolations(page), []);
      await screenshot(page, 'impersonation-banner-desktop');
      await page.setViewportSize(PHONE);
      await page.waitForTimeout(150);
      await screenshot(page, 'impersonation-banner-375');
      await page.setViewportSize(DESKTOP);

      await tabTo(page, 'Back to my account');
      await page.keyboard.press('Enter');
      await banner.waitFor({ state: 'detached' });
      await page.getByTestId('signed-in-as').filter({ hasText: 'admin · host' }).waitFor();
      const session = await page.evaluate(() => JSON.parse((globalThis as any).sessionStorage.getItem('tenantry.session') ?? 'null'));
      assert.equal(session.tenantId, null);
      assert.equal(session.impersonatorUserName, null);
      assert.equal((await t.http.get(WHO_AM_I, { token: session.accessToken })).body.user.userName, 'admin');
      assert.equal((await t.http.get(WHO_AM_I, { token: pair.body.accessToken })).status, 401, 'the impersonated session ended');
      await context.close();
    });
  });
}
