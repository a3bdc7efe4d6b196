import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, screenshot } from '../helpers/browser.js';
import { startConsoleApp } from '../helpers/console-app.js';
import { expectAccessible, openPage, photograph, signInThroughPage } from '../helpers/console-pages.js';
import { testEngines } from '../helpers/engines.js';
import { createTenant } from '../helpers/fixtures.js';
import type { TestApp } from '../helpers/test-app.js';

/**
 * A tenant's detail page in Chromium: its audit trail records what the host does to it, and a deleted tenant can be
 * purged once the confirmation, which lists what is lost, has the tenant's name typed out.
 */
for (const engine of testEngines()) {
  describe(`tenant audit trail and purge in Chromium (${engine.name})`, () => {
    let t: TestApp;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;

    before(async () => {
      t = await startConsoleApp(engine);
      browser = await launchChromium();
    });
    after(async () => {
      if (page && !page.isClosed()) await screenshot(page, `last-${engine.name}-tenant-purge`);
      await context?.close();
      await browser?.close();
      await t?.close();
    });

    test('the host deletes a tenant, sees it in the audit trail, and purges it after typing its name', async () => {
      const { tenant } = await createTenant(t);
      ({ context, page } = await openPage(browser, t.url));
      await signInThroughPage(page);
      await page.goto(`/tenants/${tenant.id}`);
      await page.getByText('Nothing recorded for this tenant yet').waitFor();

      await page.getByRole('button', { name: 'Delete…' }).click();
      await page.getByRole('button', { name: `Delete ${tenant.name}` }).click();
      await page.getByTestId('tenant-state').filter({ hasText: 'deleted' }).waitFor();
      await page.getByTestId('audit-trail').getByRole('cell', { name: 'tenant.deleted' }).waitFor();
      await expectAccessible(page, 'deleted tenant with its audit trail');
      await photograph(page, 'tenant-audit-trail');

      await page.getByRole('button', { name: 'Purge…' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('its subscriptions, invoices and payment settings').waitFor();
      const confirm = dialog.getByRole('button', { name: `Purge ${tenant.name}` });
      assert.equal(await confirm.isDisabled(), true, 'purge waits for the name');
      await dialog.getByLabel(`Type ${tenant.name} to confirm`).fill(tenant.name.slice(0, -1));
      assert.equal(await confirm.isDisabled(), true, 'a wrong name does not unlock it');
      await expectAccessible(page, 'purge confirmation');
      await photograph(page, 'tenant-purge-confirm');
      assert.ok(await t.database.db.selectFrom('tenants').select('id').where('id', '=', tenant.id).executeTakeFirst(), 'nothing is purged yet');

      await dialog.getByLabel(`Type ${tenant.name} to confirm`).fill(tenant.name);
      await confirm.click();
      await page.waitForURL('**/tenants?purged=*');
      await page.getByRole('status').filter({ hasText: `${tenant.name} and all its data were purged.` }).waitFor();
      const left = await t.database.db.selectFrom('users').select('id').where('tenant_id', '=', tenant.id).execute();
      assert.deepEqual(left, [], 'the tenant’s users are erased');
      const purged = await t.database.db.selectFrom('audit_log').select('action').where('target', '=', `tenant:${tenant.id}`).where('action', '=', 'tenant.purged').execute();
      assert.equal(purged.length, 1, 'the purge is recorded');
    });
  });
}
