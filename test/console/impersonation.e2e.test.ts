import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot, seriousViolations } from '../helpers/browser.js';
import { startConsoleApp } from '../helpers/console-app.js';
import { signInThroughPage, storedSession } from '../helpers/console-pages.js';
import { testEngines } from '../helpers/engines.js';
import { createTenant, createUser } from '../helpers/fixtures.js';
import { WHO_AM_I } from '../helpers/http.js';
import type { TestApp } from '../helpers/test-app.js';

/**
 * Impersonation in the console, in Chromium and by keyboard alone: a tenant admin signs in as one of its users from
 * the users page ("Sign in as …"), the banner says whose account it is and who is in it, and "Back to my account"
 * returns to the admin's own session; a host does the same from a tenant's page.
 */
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 740 };

/** The focused element's accessible name as a person sees it: its aria-label, else its text. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = (globalThis as any).document.activeElement;
    return (active?.getAttribute('aria-label') ?? active?.textContent ?? '').trim();
  });
}

/** Presses `key` until the control named `name` has the focus. */
async function moveFocusTo(page: Page, name: string, key = 'Tab', presses = 40): Promise<void> {
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press(key);
    if ((await focusedName(page)) === name) return;
  }
  assert.fail(`"${name}" cannot be reached with ${key}`);
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

    test('a tenant admin signs in as a user from the users page and goes back, by keyboard', async () => {
      const tenant = await createTenant(t);
      const tenancyName = tenant.tenant.tenancy_name;
      const member = await createUser(t, tenant.tenant, ['Settings.Manage']);
      const userName = member.user.user_name;

      const context = await browser.newContext({ viewport: DESKTOP, baseURL: t.url });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      await page.goto('/signin');
      await page.getByLabel('Tenancy name').focus();
      await page.keyboard.type(tenancyName);
      await page.keyboard.press('Tab');
      await page.keyboard.type('admin');
      await page.keyboard.press('Tab');
      await page.keyboard.type(tenant.password);
      await page.keyboard.press('Enter');
      await page.getByTestId('signed-in-as').filter({ hasText: `admin · ${tenancyName}` }).waitFor();

      await page.goto('/users');
      await page.getByRole('button', { name: `Actions for ${userName}` }).waitFor();
      await moveFocusTo(page, `Actions for ${userName}`);
      await page.keyboard.press('Enter');
      await moveFocusTo(page, `Sign in as ${userName}`, 'ArrowDown');
      await page.keyboard.press('Enter');

      const banner = page.getByTestId('impersonation-banner');
      await banner.waitFor();
      assert.equal((await banner.innerText()).replace(/\s+/g, ' ').trim(), `Signed in as ${userName} by admin Back to my account`);
      await page.getByTestId('signed-in-as').filter({ hasText: `${userName} · ${tenancyName}` }).waitFor();
      const impersonated = await storedSession(page);
      const who = await t.http.get(WHO_AM_I, { token: impersonated.accessToken });
      assert.equal(who.body.user.id, member.user.id);
      assert.equal(who.body.impersonatorUser.id, tenant.admin.id);
      assert.deepEqual(await seriousViolations(page), []);
      await screenshot(page, 'impersonation-banner-desktop');
      await page.setViewportSize(PHONE);
      await page.waitForTimeout(150);
      await screenshot(page, 'impersonation-banner-375');
      await page.setViewportSize(DESKTOP);

      await page.locator('body').focus();
      await moveFocusTo(page, 'Back to my account');
      await page.keyboard.press('Enter');
      await banner.waitFor({ state: 'detached' });
      await page.getByTestId('signed-in-as').filter({ hasText: `admin · ${tenancyName}` }).waitFor();
      const own = await storedSession(page);
      assert.equal(own.userId, tenant.admin.id);
      assert.equal(own.impersonatorUserName, null);
      assert.equal((await t.http.get(WHO_AM_I, { token: impersonated.accessToken })).status, 401, 'the impersonated session ended');
      const stored = await t.database.db.selectFrom('audit_log').select('action').where('tenant_id', '=', tenant.tenant.id).where('action', 'like', 'impersonation.%').execute();
      assert.deepEqual(stored.map((r) => r.action).sort(), ['impersonation.ended', 'impersonation.requested', 'impersonation.returned', 'impersonation.started']);
      await context.close();
    });

    test('the host signs in as a tenant\'s admin from the tenant\'s page and goes back, by keyboard', async () => {
      const tenant = await createTenant(t);
      const tenancyName = tenant.tenant.tenancy_name;
      const context = await browser.newContext({ viewport: DESKTOP, baseURL: t.url });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      await signInThroughPage(page);
      await page.goto(`/tenants/${tenant.tenant.id}`);
      const button = page.getByTestId('tenant-users').getByRole('button', { name: 'Sign in as admin' });
      await button.waitFor();
      await button.scrollIntoViewIfNeeded();
      assert.deepEqual(await seriousViolations(page), []);
      await screenshot(page, 'tenant-users-sign-in-as-desktop');
      await page.setViewportSize(PHONE);
      await page.waitForTimeout(150);
      await screenshot(page, 'tenant-users-sign-in-as-375');
      await page.setViewportSize(DESKTOP);
      await page.locator('body').focus();
      await moveFocusTo(page, 'Sign in as admin', 'Tab', 120);
      await page.keyboard.press('Enter');

      const banner = page.getByTestId('impersonation-banner');
      await banner.waitFor();
      assert.equal((await banner.innerText()).replace(/\s+/g, ' ').trim(), 'Signed in as admin by admin Back to my account');
      await page.getByTestId('signed-in-as').filter({ hasText: `admin · ${tenancyName}` }).waitFor();
      const impersonated = await storedSession(page);
      const who = await t.http.get(WHO_AM_I, { token: impersonated.accessToken });
      assert.deepEqual([who.body.tenant.id, who.body.user.id, who.body.impersonatorTenantId], [tenant.tenant.id, tenant.admin.id, null]);

      await page.locator('body').focus();
      await moveFocusTo(page, 'Back to my account');
      await page.keyboard.press('Enter');
      await banner.waitFor({ state: 'detached' });
      await page.getByTestId('signed-in-as').filter({ hasText: 'admin · host' }).waitFor();
      // The stored session is whole once the header names the host again (the login information is read after the tokens).
      await page.waitForFunction(() => JSON.parse((globalThis as any).sessionStorage.getItem('tenantry.session') ?? '{}').impersonatorUserName === null);
      const own = await storedSession(page);
      assert.deepEqual([own.tenantId ?? null, own.impersonatorUserName], [null, null]);
      assert.equal((await t.http.get(WHO_AM_I, { token: impersonated.accessToken })).status, 401, 'the impersonated session ended');
      await context.close();
    });
  });
}
