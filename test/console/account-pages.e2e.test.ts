import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { accountMailEnv, linkInMail } from '../helpers/account-mail.js';
import { launchChromium, screenshot, seriousViolations } from '../helpers/browser.js';
import { startConsoleApp } from '../helpers/console-app.js';
import { testEngines } from '../helpers/engines.js';
import { createTenant, unique } from '../helpers/fixtures.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import type { TestApp } from '../helpers/test-app.js';

/**
 * The account pages (forgot password, reset password, accept invitation, confirm e-mail) in Chromium against the
 * real server, with the mails through the SMTP sink: each journey by keyboard, an axe-core check, and pictures at
 * desktop width and 375 px (test-results/console/account-*).
 */
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 740 };

async function photographAndCheck(page: Page, name: string): Promise<void> {
  const violations = await seriousViolations(page);
  assert.deepEqual(violations, [], `${name}: ${JSON.stringify(violations, null, 2)}`);
  await screenshot(page, `account-${name}-desktop`);
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(150);
  await screenshot(page, `account-${name}-375`);
  await page.setViewportSize(DESKTOP);
}

/** The path and query of a mailed link, to open on this server. */
const pathOf = (url: URL) => `${url.pathname}${url.search}`;

for (const engine of testEngines()) {
  describe(`account pages in Chromium (${engine.name})`, () => {
    let smtp: SmtpSink;
    let t: TestApp;
    let browser: Browser;
    let page: Page;
    before(async () => {
      smtp = await startSmtpSink();
      t = await startConsoleApp(engine, accountMailEnv(smtp));
      browser = await launchChromium();
      const context = await browser.newContext({ viewport: DESKTOP, baseURL: t.url });
      context.setDefaultTimeout(10_000);
      page = await context.newPage();
    });
    after(async () => {
      await browser?.close();
      await t?.close();
      await smtp?.close();
    });

    test('a person who forgot the password gets a link from the sign-in page and chooses a new password, by keyboard', async () => {
      const tenant = await createTenant(t);
      const tenancyName = tenant.tenant.tenancy_name;
      await page.goto('/signin');
      await page.getByRole('link', { name: 'Forgot your password?' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
      await photographAndCheck(page, 'forgot-password');
      await page.getByLabel('Tenancy name').focus();
      await page.keyboard.type(tenancyName);
      await page.keyboard.press('Tab');
      await page.keyboard.type(tenant.admin.email);
      await page.keyboard.press('Enter');
      await page.getByText('Check your inbox').waitFor();
      await photographAndCheck(page, 'forgot-password-sent');

      const { url } = await linkInMail(smtp, tenant.admin.email, '/account/reset-password');
      await page.goto(pathOf(url));
      await page.getByText(`of ${tenancyName}`).waitFor();
      await photographAndCheck(page, 'reset-password');
      await page.getByLabel('New password').focus();
      await page.keyboard.type('weak');
      await page.keyboard.press('Tab');
      await page.keyboard.type('weak');
      await page.keyboard.press('Enter');
      await page.getByText('Passwords must be at least 6 characters.').waitFor();
      await photographAndCheck(page, 'reset-password-refused');
      await page.getByLabel('New password').fill('Chosen-in-browser-1');
      await page.getByLabel('Repeat the password').fill('Chosen-in-browser-1');
      await page.keyboard.press('Enter');
      await page.getByText('Your password is set').waitFor();
      await photographAndCheck(page, 'reset-password-done');
      await t.http.signIn('admin', 'Chosen-in-browser-1', tenancyName);

      await page.goto(pathOf(url));
      await page.getByText('This link cannot be used').waitFor();
      await photographAndCheck(page, 'reset-password-used');
    });

    test('an invited user accepts the invitation and a new user confirms the address', async () => {
      const tenant = await createTenant(t);
      const tenancyName = tenant.tenant.tenancy_name;
      const token = await t.http.signIn('admin', tenant.password, tenancyName);
      const invited = { userName: unique('inv'), name: 'Ida', surname: 'Invited', emailAddress: `${unique('inv')}@example.com` };
      assert.equal((await t.http.post('/api/services/Platform/User/CreateUser', { ...invited, sendActivationEmail: true }, { token })).status, 200);
      const invitation = await linkInMail(smtp, invited.emailAddress, '/account/accept-invitation');
      await page.goto(pathOf(invitation.url));
      await page.getByRole('heading', { name: 'Accept your invitation' }).waitFor();
      await photographAndCheck(page, 'accept-invitation');
      await page.getByLabel('New password').fill('Invited-choice-1');
      await page.getByLabel('Repeat the password').fill('Invited-choice-1');
      await page.getByRole('button', { name: 'Accept and set my password' }).click();
      await page.getByText(invited.userName).waitFor();
      await t.http.signIn(invited.userName, 'Invited-choice-1', tenancyName);

      const confirming = { userName: unique('new'), name: 'Cy', surname: 'Confirm', emailAddress: `${unique('new')}@example.com`, password: 'Confirm-pass-1' };
      assert.equal((await t.http.post('/api/services/Platform/User/CreateUser', { ...confirming, sendActivationEmail: true }, { token })).status, 200);
      const confirmation = await linkInMail(smtp, confirming.emailAddress, '/account/confirm-email');
      await page.goto(pathOf(confirmation.url));
      await page.getByRole('heading', { name: 'Confirm your e-mail address' }).waitFor();
      await photographAndCheck(page, 'confirm-email');
      await page.getByRole('button', { name: 'Confirm my e-mail address' }).focus();
      await page.keyboard.press('Enter');
      await page.getByText('Your e-mail address is confirmed').waitFor();
      await photographAndCheck(page, 'confirm-email-done');
      const row = await t.data.users.findByEmail(tenant.tenant.id, confirming.emailAddress);
      assert.equal(row?.is_email_confirmed, true);
    });
  });
}
