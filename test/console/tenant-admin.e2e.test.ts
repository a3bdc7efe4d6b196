import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, screenshot } from '../helpers/browser.js';
import { startConsoleApp } from '../helpers/console-app.js';
import { DESKTOP, expectAccessible, photograph, signInThroughPage, signOutThroughMenu, storedSession, useColours } from '../helpers/console-pages.js';
import { testEngines } from '../helpers/engines.js';
import { createTenant, unique } from '../helpers/fixtures.js';
import { createProduct, hostToken, RPC, submitLead, validCompleteBody } from '../helpers/onboarding.js';
import type { TestApp } from '../helpers/test-app.js';
import { totpCode } from '../helpers/totp.js';

/**
 * The tenant admin's pages in Chromium against the real server: users and roles, two-factor enrolment and a sign-in
 * with a code, linking an account and switching to it, the Stripe account and invoices, and the login-link landing.
 * Every page is checked with axe-core and photographed at 1280 and 375 px (test-results/console/).
 */
for (const engine of testEngines()) {
  describe(`tenant admin pages in Chromium (${engine.name})`, () => {
    let t: TestApp;
    let browser: Browser;
    let context: BrowserContext | undefined;
    let page: Page;
    // A customer registered through the onboarding methods, so it has an invoice; its admin drives the journeys.
    let shop: { tenantId: number; tenancyName: string; userId: number; password: string; publicInvoiceId: string; productName: string };

    before(async () => {
      t = await startConsoleApp(engine);
      browser = await launchChromium();
      const host = await hostToken(t);
      const product = await createProduct(t, host, [{ paymentPeriodType: 'Monthly', amount: 49, currency: 'USD' }], unique('Team plan '));
      const lead = await submitLead(t, host, product.id);
      const body = validCompleteBody(lead.leadRequestXref, { adminPassword: 'Shop-admin-1' });
      const answer = await t.http.post(RPC.complete, body, { token: host });
      assert.equal(answer.status, 200, answer.text);
      shop = { ...answer.body, password: 'Shop-admin-1', productName: product.name };
    });
    after(async () => {
      await browser?.close();
      await t?.close();
    });
    afterEach(async (testContext) => {
      if (page && !page.isClosed()) await screenshot(page, `last-tenant-admin-${engine.name}-${testContext.name.slice(0, 40).replace(/\W+/g, '-')}`);
    });
    const freshPage = async () => {
      await context?.close();
      context = await browser.newContext({ viewport: DESKTOP, baseURL: t.url });
      context.setDefaultTimeout(10_000);
      page = await context.newPage();
    };

    test('the admin creates a role, invites a user with it (a bad address is named next to its field), and sees the delete warning', async () => {
      await freshPage();
      await signInThroughPage(page, 'admin', shop.password, shop.tenancyName);
      await page.getByRole('link', { name: 'Roles' }).click();
      await page.getByRole('heading', { name: 'Roles' }).waitFor();
      await page.getByRole('button', { name: 'New role' }).click();
      await page.getByLabel(/^Name/).fill('Billing');
      await page.getByLabel('Display name').fill('Billing clerks');
      await page.getByLabel('Manage Payment Settings').check();
      await expectAccessible(page, 'role form');
      await page.getByRole('button', { name: 'Create role' }).click();
      await page.getByText('The role Billing clerks was saved.').waitFor();
      await expectAccessible(page, 'roles');
      await photograph(page, 'roles');
      const role = await t.data.roles.findByName(shop.tenantId, 'Billing');
      assert.deepEqual(role?.permissions, ['Payments.Manage']);

      await page.getByRole('link', { name: 'Users' }).click();
      await page.getByRole('heading', { name: 'Users' }).waitFor();
      await page.getByRole('button', { name: 'New user' }).click();
      const userName = unique('clerk');
      await page.getByLabel('User name').fill(userName);
      await page.getByLabel('E-mail address').fill('not-an-address');
      await page.getByLabel('First name').fill('Cleo');
      await page.getByLabel('Last name').fill('Clerk');
      await page.getByRole('checkbox', { name: 'Billing clerks' }).check();
      await page.getByRole('button', { name: 'Send invitation' }).click();
      const emailField = page.getByLabel('E-mail address');
      await assert.doesNotReject(emailField.and(page.locator('[aria-invalid="true"]')).waitFor());
      await expectAccessible(page, 'user form with an error');
      await photograph(page, 'user-form-error');
      await emailField.fill(`${userName}@shop.example`);
      await page.getByRole('button', { name: 'Send invitation' }).click();
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      const row = page.getByRole('row').filter({ hasText: userName });
      await row.getByText('invited').waitFor();
      const stored = await t.data.users.findByEmail(shop.tenantId, `${userName}@shop.example`);
      assert.ok(stored?.invited_at, 'the user is stored as invited');
      // The tenant's default role was ticked for the new user already.
      assert.deepEqual((await t.data.roles.listRoleNamesOfUser(shop.tenantId, stored.id)).sort(), ['Billing', 'User']);
      await expectAccessible(page, 'users');
      await photograph(page, 'users');
      await useColours(page, 'dark');
      await expectAccessible(page, 'users, dark');
      await photograph(page, 'users-dark');
      await useColours(page, 'light');

      await page.getByRole('button', { name: `Actions for ${userName}` }).click();
      await page.getByRole('menuitem', { name: 'Delete' }).click();
      await page.getByText('loses its API keys').waitFor();
      await expectAccessible(page, 'user delete confirmation');
      await photograph(page, 'user-delete-confirm');
      // The safe choice has the focus: Enter keeps the user.
      await page.keyboard.press('Enter');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      assert.ok(await t.data.users.findById(shop.tenantId, stored.id), 'the user is kept');
    });

    test('the admin enrols an authenticator app, keeps the recovery codes, and signs in again with a code', async () => {
      await freshPage();
      await signInThroughPage(page, 'admin', shop.password, shop.tenancyName);
      await page.getByRole('button', { name: /^Account menu of/ }).click();
      await page.getByRole('menuitem', { name: 'My account' }).click();
      await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
      const key = (await page.getByTestId('authenticator-key').textContent())!.trim();
      await page.getByRole('img', { name: /QR code/ }).waitFor();
      await expectAccessible(page, 'two-factor enrolment');
      await photograph(page, 'two-factor-enrol');
      await page.getByLabel('Code from the app').fill(totpCode(key));
      await page.getByRole('button', { name: 'Turn on' }).click();
      const codes = (await page.getByTestId('recovery-codes').textContent())!.trim().split(/\s+/);
      assert.equal(codes.length, 10);
      await page.getByRole('button', { name: 'Copy the codes' }).waitFor();
      await expectAccessible(page, 'recovery codes');
      await photograph(page, 'two-factor-recovery-codes');
      assert.ok((await t.data.twoFactor.find(shop.tenantId, shop.userId))?.enabled_at, 'two-factor sign-in is on in the row');

      await signOutThroughMenu(page);
      await page.getByLabel('Tenancy name').fill(shop.tenancyName);
      await page.getByLabel(/user name or e-mail/i).fill('admin');
      await page.locator('input[type=password]').fill(shop.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      // A later step than the enrolment's: a code is never accepted twice.
      await page.getByLabel('Two-factor code').fill(totpCode(key, 1));
      await page.getByRole('button', { name: 'Verify and sign in' }).click();
      await page.waitForURL('**/settings');
      await page.getByRole('heading', { name: 'Sign-in and passwords' }).waitFor();
      await expectAccessible(page, 'settings with the sign-in rules');
      await photograph(page, 'settings-sign-in');
    });

    test('the admin links an account of another tenant and switches to it from the menu', async () => {
      const other = await createTenant(t);
      // Signed in with the password and the next code: only such a session may link and switch.
      await page.getByRole('button', { name: /^Account menu of/ }).click();
      await page.getByRole('menuitem', { name: 'Linked accounts' }).click();
      await page.getByText('No linked accounts yet').waitFor();
      await page.getByRole('button', { name: 'Link an account' }).click();
      await page.getByLabel('Tenancy name').fill(other.tenant.tenancy_name);
      await page.getByLabel('User name or e-mail').fill('admin');
      await page.getByLabel(/^Password/).fill('wrong-password');
      await page.getByRole('button', { name: 'Link account' }).click();
      await page.getByRole('alert').filter({ hasText: 'The account was not linked' }).waitFor();
      await page.getByLabel(/^Password/).fill(other.password);
      await page.getByRole('button', { name: 'Link account' }).click();
      await page.getByRole('row').filter({ hasText: other.tenant.tenancy_name }).waitFor();
      await expectAccessible(page, 'linked accounts');
      await photograph(page, 'linked-accounts');

      await page.reload();
      await page.getByRole('button', { name: /^Account menu of/ }).click();
      await page.getByRole('menuitem', { name: `admin · ${other.tenant.tenancy_name}` }).click();
      await page.getByRole('button', { name: `Account menu of admin · ${other.tenant.tenancy_name}` }).waitFor();
      await page.waitForURL('**/settings');
      const session = await storedSession(page);
      assert.equal(session.tenantId, other.tenant.id);
      await photograph(page, 'switched-account');
    });

    test('a login link lands signed in in the console; the admin sets the Stripe account and opens an invoice', async () => {
      await freshPage();
      const link = await t.http.get(`${RPC.autoLoginLink}?userId=${shop.userId}&lifeTimeMinutes=5`, { token: await hostToken(t) });
      assert.equal(link.status, 200, link.text);
      await page.goto(link.body.loginLink);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL('**/settings');
      await page.getByRole('button', { name: `Account menu of admin · ${shop.tenancyName}` }).waitFor();

      await page.getByRole('link', { name: 'Billing' }).click();
      await page.getByLabel('Connected account id').fill('acct-nope');
      await page.getByRole('button', { name: 'Save account' }).click();
      await page.getByLabel('Connected account id').and(page.locator('[aria-invalid="true"]')).waitFor();
      await photograph(page, 'billing-error');
      await page.getByLabel('Connected account id').fill('acct_1MD475HHdexuAbVt');
      await page.getByRole('button', { name: 'Save account' }).click();
      await page.getByText('The Stripe account is saved.').waitFor();
      assert.equal((await t.data.settings.find(shop.tenantId))?.stripe_connected_account_id, 'acct_1MD475HHdexuAbVt');
      const invoice = page.getByRole('link', { name: new RegExp(shop.productName) });
      await invoice.waitFor();
      await expectAccessible(page, 'billing');
      await photograph(page, 'billing');
      await invoice.click();
      await page.waitForURL(`**/invoices/${shop.publicInvoiceId}`);
      await page.getByText(shop.productName).first().waitFor();
    });

    test("the host admin manages the host's own users and roles on the same pages, and has no Billing", async () => {
      await freshPage();
      await signInThroughPage(page);
      await page.getByRole('link', { name: 'Roles' }).click();
      await page.getByRole('row').filter({ hasText: 'Manage Tenants and Company Capabilities' }).first().waitFor();
      await page.getByRole('link', { name: 'Users' }).click();
      await page.getByRole('row').filter({ hasText: 'host-admin@tenantry.test' }).waitFor();
      // Colours are judged at rest, not under the pointer that clicked the link.
      await page.mouse.move(0, 0);
      await expectAccessible(page, 'host users');
      assert.equal(await page.getByRole('link', { name: 'Billing' }).count(), 0);
    });
  });
}
