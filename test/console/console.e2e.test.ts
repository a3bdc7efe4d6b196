import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, screenshot, seriousViolations } from '../helpers/browser.js';
import { startConsoleApp } from '../helpers/console-app.js';
import { testEngines } from '../helpers/engines.js';
import { unique } from '../helpers/fixtures.js';
import { createProduct, hostToken } from '../helpers/onboarding.js';
import { signOutThroughMenu, storedSession } from '../helpers/console-pages.js';
import { HOST_ADMIN_PASSWORD, type TestApp } from '../helpers/test-app.js';

/**
 * The console in a real browser (Debian's chromium through playwright-core) against the real server on a real
 * database: the main journeys, an axe-core check of every page (no serious or critical violation), and each page
 * photographed at desktop width and at 375 px.
 */
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 740 };

async function expectAccessible(page: Page, name: string): Promise<void> {
  const violations = await seriousViolations(page);
  assert.deepEqual(violations, [], `${name}: ${JSON.stringify(violations, null, 2)}`);
}

/** Photographs the page at both widths, then returns to the desktop. */
async function photograph(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-desktop`);
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(150);
  await screenshot(page, `${name}-375`);
  await page.setViewportSize(DESKTOP);
}

/** Signs in with the keyboard alone: Tab between the fields, Enter to send. */
async function signInByKeyboard(page: Page, user: string, password: string, tenancyName = ''): Promise<void> {
  await page.getByLabel('Tenancy name').focus();
  await page.keyboard.type(tenancyName);
  await page.keyboard.press('Tab');
  await page.keyboard.type(user);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
}

for (const engine of testEngines()) {
  describe(`web console in Chromium (${engine.name})`, () => {
    let t: TestApp;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    const tenantName = unique('Console Co ');
    const customer = { tenancy: unique('shop').replace(/[^a-z0-9]/gi, ''), password: 'Shop-admin-1', email: `${unique('ada')}@shop.example` };

    before(async () => {
      t = await startConsoleApp(engine);
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await t?.close();
    });
    // Each test leaves a picture of its last page (test-results/console/), whatever its outcome.
    afterEach(async (context) => {
      if (page && !page.isClosed()) await screenshot(page, `last-${engine.name}-${context.name.slice(0, 40).replace(/\W+/g, '-')}`);
    });
    const freshPage = async () => {
      await context?.close();
      context = await browser.newContext({ viewport: DESKTOP, baseURL: t.url });
      context.setDefaultTimeout(10_000);
      page = await context.newPage();
      return page;
    };

    test('the host signs in, creates a tenant, finds it with a filter, opens it, suspends and resumes it', async () => {
      await freshPage();
      await page.goto('/');
      await page.waitForURL('**/signin**');
      await expectAccessible(page, 'sign-in');
      await photograph(page, 'sign-in');
      await signInByKeyboard(page, 'admin', HOST_ADMIN_PASSWORD);
      await page.waitForURL('**/tenants');
      await page.getByTestId('tenant-total').filter({ hasText: /\d+ tenants?/ }).waitFor();

      await page.getByRole('button', { name: 'New tenant' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Company').fill(tenantName);
      await dialog.getByLabel('Tenant name').fill(tenantName);
      await dialog.getByLabel('Admin e-mail').fill(`${unique('owner')}@console.example`);
      await dialog.getByLabel('Admin first name').fill('Grace');
      await dialog.getByLabel('Admin last name').fill('Hopper');
      await dialog.getByLabel('Admin password').fill('Console-admin-1');
      await dialog.getByLabel('Phone').fill('650-555-1212');
      await dialog.getByLabel('Street').fill('1230 Midas Way');
      await dialog.getByLabel('City').fill('Sunnyvale');
      await dialog.getByLabel('Country').fill('United States');
      await dialog.getByRole('button', { name: 'Create tenant' }).click();
      await page.waitForURL(/\/tenants\/\d+$/);
      const id = Number(new URL(page.url()).pathname.split('/').pop());
      const stored = await t.database.db.selectFrom('tenants').select(['name', 'is_active']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual(stored, { name: tenantName, is_active: true });

      await page.goto('/tenants');
      await page.getByLabel('Filter', { exact: true }).fill("name contains 'x' AND");
      await page.getByRole('button', { name: 'Search' }).click();
      const problem = page.locator('#filter-problem');
      await problem.waitFor();
      assert.match(await problem.innerText(), /position 22/);
      await photograph(page, 'tenants-filter-error');

      await page.getByLabel('Filter', { exact: true }).fill(`name contains '${tenantName.slice(-8)}'`);
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByTestId('tenant-total').filter({ hasText: '1 tenant' }).waitFor();
      await expectAccessible(page, 'tenants');
      await photograph(page, 'tenants');

      await page.getByRole('link', { name: tenantName }).click();
      await page.getByTestId('tenant-state').filter({ hasText: 'active' }).waitFor();
      await page.getByRole('button', { name: 'Suspend' }).click();
      await page.getByTestId('tenant-state').filter({ hasText: 'suspended' }).waitFor();
      const suspended = await t.database.db.selectFrom('tenants').select('is_active').where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(suspended.is_active, false);
      await page.getByRole('button', { name: 'Resume' }).click();
      await page.getByTestId('tenant-state').filter({ hasText: /^active$/ }).waitFor();
      const resumed = await t.database.db.selectFrom('tenants').select('is_active').where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(resumed.is_active, true);
      await expectAccessible(page, 'tenant detail');
      await page.getByRole('button', { name: 'Delete…' }).click();
      await page.getByRole('dialog').waitFor();
      await expectAccessible(page, 'delete confirmation');
      await photograph(page, 'tenant-delete-confirm');
      await page.keyboard.press('Escape');
      await photograph(page, 'tenant-detail');
    });

    test('a new customer signs up through /signup by keyboard and reaches the invoice', async () => {
      const token = await hostToken(t);
      const product = await createProduct(t, token, [{ paymentPeriodType: 'Monthly', amount: 19.5, currency: 'USD' }], unique('Starter '));
      await freshPage();
      await page.goto('/signup');
      await page.getByLabel('Business name').focus();
      for (const value of ['Shop Widgets', 'Ada', 'Lovelace', customer.email, '+14155552671', customer.tenancy, customer.password]) {
        await page.keyboard.type(value);
        await page.keyboard.press('Tab');
      }
      await expectAccessible(page, 'sign-up step 1');
      await photograph(page, 'signup-step-1');
      await page.getByRole('button', { name: 'Continue' }).press('Enter');
      await page.getByLabel('City').waitFor();
      await page.getByLabel('City').fill('Springfield');
      await page.getByLabel('State or province').fill('IL');
      await page.getByPlaceholder('Choose a product').click();
      await page.getByRole('option', { name: product.name }).click();
      await page.getByTestId('signup-price').filter({ hasText: '$19.50 per month' }).waitFor();
      await expectAccessible(page, 'sign-up step 2');
      await photograph(page, 'signup-step-2');
      await page.getByRole('button', { name: 'Create my account' }).click();
      await page.waitForURL(/\/invoices?\//);
      assert.match(await page.content(), /19\.50/);
      await photograph(page, 'signup-invoice');
      const tenant = await t.database.db.selectFrom('tenants').select(['id', 'is_active']).where('tenancy_name', '=', customer.tenancy).executeTakeFirstOrThrow();
      assert.equal(tenant.is_active, true);
      const lead = await t.database.db.selectFrom('contacts').select('id').where('email', '=', customer.email).executeTakeFirst();
      assert.ok(lead, 'the lead’s contact is stored');
    });

    test('the new tenant admin fixes a bad setting, creates and revokes an API key, and signs out', async () => {
      await freshPage();
      await page.goto('/signin');
      await signInByKeyboard(page, 'admin', customer.password, customer.tenancy);
      await page.waitForURL('**/settings');
      const phone = page.getByLabel('Public phone');
      await phone.fill('not a phone');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByRole('alert').filter({ hasText: 'not saved' }).waitFor();
      assert.equal(await phone.getAttribute('aria-invalid'), 'true');
      await photograph(page, 'settings-error');
      await phone.fill('+14155552671');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
      const tenant = await t.database.db.selectFrom('tenants').select('id').where('tenancy_name', '=', customer.tenancy).executeTakeFirstOrThrow();
      const settings = await t.database.db.selectFrom('tenant_settings').select('public_phone').where('tenant_id', '=', tenant.id).executeTakeFirstOrThrow();
      assert.equal(settings.public_phone, '+14155552671');
      await expectAccessible(page, 'settings');
      await photograph(page, 'settings');

      await page.getByRole('link', { name: 'API keys' }).click();
      await page.getByRole('button', { name: 'New API key' }).click();
      await page.getByRole('dialog').getByLabel('Name').fill('zapier');
      await page.getByRole('dialog').getByLabel('Allowed methods').fill('CRM/Lead/SubmitTenancyRequest');
      await page.getByRole('button', { name: 'Create key' }).click();
      const shown = await page.getByTestId('new-api-key').innerText();
      assert.match(shown.trim(), /^tnt_/);
      await expectAccessible(page, 'new API key');
      await photograph(page, 'api-key-shown-once');
      await page.getByRole('button', { name: 'Done' }).click();
      await page.getByRole('button', { name: 'Revoke zapier' }).click();
      await page.getByRole('button', { name: 'Revoke key' }).click();
      await page.getByText('No API keys yet').waitFor();
      const key = await t.database.db.selectFrom('api_keys').select('revoked_at').where('tenant_id', '=', tenant.id).where('name', '=', 'zapier').executeTakeFirstOrThrow();
      assert.ok(key.revoked_at, 'the key is revoked in its row');
      await photograph(page, 'api-keys');

      await signOutThroughMenu(page);
      assert.equal(await page.evaluate(() => (globalThis as any).sessionStorage.length), 0);
    });

    test('a session whose access token stops working recovers by refresh; one that ended returns to sign-in and back to the page', async () => {
      await freshPage();
      await page.goto('/signin?next=%2Ftenants%3Ffilter%3Dactive%2B%253D%2B1');
      await signInByKeyboard(page, 'admin', HOST_ADMIN_PASSWORD);
      await page.waitForURL('**/tenants?filter=*');
      // The access token goes bad mid-work (as at its expiry): the next call is refused, refreshed and retried.
      const spoilt = await page.evaluate(() => {
        const session = JSON.parse((globalThis as any).sessionStorage.getItem('tenantry.session')!);
        const accessToken = `${session.accessToken}x`;
        (globalThis as any).sessionStorage.setItem('tenantry.session', JSON.stringify({ ...session, accessToken }));
        return accessToken;
      });
      await page.getByRole('button', { name: 'Suspended' }).click();
      // The refreshed pair replaces the spoilt token (the total on the page may still be the one shown before).
      await page.waitForFunction(
        (bad) => JSON.parse((globalThis as any).sessionStorage.getItem('tenantry.session') ?? '{}').accessToken !== bad,
        spoilt,
      );
      await page.getByTestId('tenant-total').filter({ hasText: /\d+ tenants?/ }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/tenants');

      // The whole session ends elsewhere (sign-out on another device): the refresh is refused too.
      const { accessToken } = await storedSession(page);
      const out = await t.http.post('/api/TokenAuth/LogOut', {}, { token: accessToken });
      assert.equal(out.status, 200, out.text);
      await page.getByRole('button', { name: 'Active' }).click();
      await page.waitForURL('**/signin?expired=1**');
      await page.getByText('Your session has ended').waitFor();
      await signInByKeyboard(page, 'admin', HOST_ADMIN_PASSWORD);
      await page.waitForURL('**/tenants?filter=active*');
      await screenshot(page, 'session-recovered');
    });
  });
}
