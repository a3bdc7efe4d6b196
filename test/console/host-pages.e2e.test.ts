import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { HOST_TENANT_ID } from '../../src/domain/caller.js';
import { launchChromium, screenshot } from '../helpers/browser.js';
import { startConsoleApp } from '../helpers/console-app.js';
import { expectAccessible, openPage, photograph, signInThroughPage, useColours } from '../helpers/console-pages.js';
import { testEngines } from '../helpers/engines.js';
import { unique } from '../helpers/fixtures.js';
import { RPC, hostToken, submitLead, validCompleteBody } from '../helpers/onboarding.js';
import type { TestApp } from '../helpers/test-app.js';

/**
 * The host's side of the console in Chromium, one browser and one page for the whole file: the host builds the
 * catalogue (a product, after a price the API refuses, and a coupon), finds a lead submitted through the API by its
 * stage and moves it by keyboard, and opens a registered tenant to see its admin users, subscription and invoices and
 * to edit its fields (a bad value, named next to its field, then a good one). Every page is checked with axe-core and
 * photographed at 1280 and 375 px; the stored rows are checked after every change.
 */
for (const engine of testEngines()) {
  describe(`the host's catalogue, leads and tenant pages in Chromium (${engine.name})`, () => {
    let t: TestApp;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let host: string;
    const productName = unique('Growth ');
    const couponCode = unique('WELCOME').toUpperCase();

    before(async () => {
      t = await startConsoleApp(engine);
      browser = await launchChromium();
      host = await hostToken(t);
      ({ context, page } = await openPage(browser, t.url));
      await signInThroughPage(page);
    });
    after(async () => {
      if (page && !page.isClosed()) await screenshot(page, `last-${engine.name}-host-pages`);
      await context?.close();
      await browser?.close();
      await t?.close();
    });

    test('the host creates a product (after a price the API refuses) and a coupon', async () => {
      await page.getByRole('link', { name: 'Catalogue' }).click();
      await page.waitForURL('**/catalogue');
      await page.getByText('No products on offer. Add one with “New product”').waitFor();
      await expectAccessible(page, 'empty catalogue');

      await page.getByRole('button', { name: 'New product' }).click();
      const dialog = page.getByRole('dialog', { name: 'New product' });
      await dialog.getByLabel('Name').fill(productName);
      await dialog.getByLabel('Description').fill('For teams that grow');
      // No amount: the API names prices[0].amount, and the message sits under that input.
      await dialog.getByRole('button', { name: 'Create product' }).click();
      const amount = dialog.getByLabel('Price 1: amount');
      await assertInvalid(amount);
      await expectAccessible(page, 'product form with an error');
      await photograph(page, 'product-error');

      await amount.fill('49.5');
      await dialog.getByRole('button', { name: 'Add a price' }).click();
      await dialog.getByLabel('Price 2: amount').fill('495');
      await dialog.getByRole('button', { name: 'Create product' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByTestId('products').getByRole('row').filter({ hasText: productName }).filter({ hasText: 'on offer' }).waitFor();
      const stored = await t.database.db.selectFrom('products').innerJoin('product_prices', 'product_prices.product_id', 'products.id')
        .select(['product_prices.payment_period_type', 'product_prices.amount_minor', 'product_prices.currency']).where('products.name', '=', productName)
        .orderBy('product_prices.amount_minor').execute();
      assert.deepEqual(stored.map((p) => [p.payment_period_type, p.amount_minor, p.currency]), [['Monthly', 4950, 'USD'], ['Annual', 49500, 'USD']]);
      await expectAccessible(page, 'catalogue');
      await photograph(page, 'catalogue');

      await page.getByRole('link', { name: 'Coupons' }).click();
      await page.getByText('No coupons yet.').waitFor();
      await page.getByRole('button', { name: 'New coupon' }).click();
      const couponDialog = page.getByRole('dialog', { name: 'New coupon' });
      await couponDialog.getByLabel('Code').fill(couponCode);
      await couponDialog.getByLabel('Percent off').fill('10');
      await couponDialog.getByLabel('Most uses').fill('100');
      await couponDialog.getByRole('button', { name: 'Create coupon' }).click();
      await couponDialog.waitFor({ state: 'detached' });
      await page.getByTestId('coupons').getByRole('row').filter({ hasText: couponCode }).filter({ hasText: '10 % off the first invoice' }).waitFor();
      const coupon = await t.database.db.selectFrom('coupons').selectAll().where('code', '=', couponCode).executeTakeFirst();
      assert.deepEqual([coupon?.percent_off_hundredths, coupon?.max_redemptions], [1000, 100]);


      await page.getByRole('button', { name: `Edit the limits of ${couponCode}…` }).click();
      const limits = page.getByRole('dialog', { name: `Limits of ${couponCode}` });
      await limits.getByLabel('Most uses').fill('50');
      await limits.getByRole('button', { name: 'Save limits' }).click();
      await limits.waitFor({ state: 'detached' });
      await page.getByTestId('coupons').getByText('Used 0 times of 50').waitFor();
      assert.equal((await t.database.db.selectFrom('coupons').select('max_redemptions').where('code', '=', couponCode).executeTakeFirst())?.max_redemptions, 50);

      await page.getByRole('button', { name: `Delete coupon ${couponCode}…` }).click();
      await page.getByRole('dialog').getByText('Invoices that already used it keep their discount.').waitFor();
      await expectAccessible(page, 'coupon delete confirmation');
      await photograph(page, 'coupon-delete');
      await page.getByRole('button', { name: 'Keep it' }).click();
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      assert.ok(await t.database.db.selectFrom('coupons').select('id').where('code', '=', couponCode).where('deleted_at', 'is', null).executeTakeFirst(), 'kept');
      await expectAccessible(page, 'coupons');
      await photograph(page, 'coupons');
    });

    test('the host sees a lead submitted through the API with its stage, narrows by it and moves the lead by keyboard', async () => {
      const product = await t.data.products.list({ includeRetired: false });
      const productId = product.find((p) => p.name === productName)!.id;
      const stage = unique('Qualified ');
      const company = unique('Lead Co ');
      const lead = await submitLead(t, host, productId, { ...person('Ada', 'Lovelace'), stage, tag: 'webinar', companyName: company });
      await submitLead(t, host, productId, { ...person('Grace', 'Hopper'), stage: 'New', tag: null, companyName: 'Cobol Inc' });

      await page.getByRole('link', { name: 'Leads' }).click();
      await page.waitForURL('**/leads');
      const row = page.getByTestId('leads').getByRole('row').filter({ hasText: company });
      await row.getByRole('cell', { name: stage, exact: true }).waitFor();
      await page.getByRole('combobox', { name: 'Stage' }).click();
      await page.getByRole('option', { name: stage }).click();
      await page.getByText('1 lead matches these filters.').waitFor();
      await expectAccessible(page, 'leads narrowed by stage');
      await photograph(page, 'leads');

      // By keyboard: focus the row's button, open the dialog, type a new stage, submit with Enter.
      await row.getByRole('button', { name: `Move ${company}` }).focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: `Move ${company}` });
      await dialog.getByLabel('Stage').waitFor();
      await dialog.getByLabel('Stage').fill('Demo booked');
      // No stage in use starts so, so no suggestion is open: Enter submits the form.
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'detached' });
      const stored = await t.data.leads.findByXref(HOST_TENANT_ID, lead.leadRequestXref);
      assert.deepEqual([stored?.stage, stored?.tag], ['Demo booked', 'webinar']);

      await useColours(page, 'dark');
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await page.getByTestId('leads').getByRole('cell', { name: 'Demo booked', exact: true }).waitFor();
      await expectAccessible(page, 'leads, dark');
      await photograph(page, 'leads-dark');
      await useColours(page, 'light');
    });

    test('the host opens a registered tenant: admin users, subscription, invoices; edits a field with a bad value, then a good one', async () => {
      const products = await t.data.products.list({ includeRetired: false });
      const productId = products.find((p) => p.name === productName)!.id;
      const lead = await submitLead(t, host, productId, { ...person('Katherine', 'Johnson'), couponCode });
      const body = validCompleteBody(lead.leadRequestXref);
      const done = await t.http.post(RPC.complete, body, { token: host });
      assert.equal(done.status, 200, done.text);
      const tenantId = done.body.tenantId as number;

      await page.goto(`/tenants/${tenantId}`);
      const users = page.getByTestId('tenant-users');
      await users.getByRole('row').filter({ hasText: 'admin' }).filter({ hasText: 'Admin' }).waitFor();
      await page.getByTestId('tenant-subscriptions').getByRole('row').filter({ hasText: productName }).filter({ hasText: 'pending payment' }).waitFor();
      const invoiceLink = page.getByTestId('tenant-invoices').getByRole('link', { name: /Open invoice/ });
      assert.equal(await invoiceLink.getAttribute('href'), `/invoices/${done.body.publicInvoiceId}`);
      await page.getByTestId('tenant-invoices').getByText(`coupon ${couponCode}`).waitFor();
      await page.getByText('No packages installed.').waitFor();
      await expectAccessible(page, 'tenant detail');
      await photograph(page, 'tenant-detail-full');

      await page.getByRole('button', { name: 'Edit…' }).click();
      const dialog = page.getByRole('dialog', { name: /^Edit / });
      const companyInput = dialog.getByRole('textbox', { name: 'Company' });
      await companyInput.waitFor();
      assert.equal(await companyInput.inputValue(), body.companyName);
      await companyInput.fill('');
      await dialog.getByRole('textbox', { name: 'Country' }).fill('Atlantis');
      await dialog.getByRole('button', { name: 'Save changes' }).click();
      await assertInvalid(companyInput);
      await assertInvalid(dialog.getByRole('textbox', { name: 'Country' }));
      await dialog.getByText('Some fields need another value').waitFor();
      await expectAccessible(page, 'tenant edit with errors');
      await photograph(page, 'tenant-edit-error');
      const unchanged = await t.data.tenants.findLive(tenantId);
      assert.equal(unchanged?.company_name, body.companyName, 'a refused edit changes nothing');

      await companyInput.fill('Renamed Widgets Ltd');
      await dialog.getByRole('textbox', { name: 'Country' }).fill('France');
      await dialog.getByRole('button', { name: 'Save changes' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByRole('cell', { name: 'Renamed Widgets Ltd' }).waitFor();
      const changed = await t.data.tenants.findLive(tenantId);
      assert.deepEqual([changed?.company_name, changed?.country, changed?.country_code], ['Renamed Widgets Ltd', 'France', 'FR']);
    });
  });
}

/** A contact in plain words (the spec's sample body is full of placeholders), for pictures a person can read. */
function person(firstName: string, lastName: string) {
  return { firstName, lastName, city: 'Springfield', state: 'IL' };
}

/** The input is marked invalid and described by a message (Mantine's error text under the field). */
async function assertInvalid(input: ReturnType<Page['getByLabel']>): Promise<void> {
  await input.and(input.page().locator('[aria-invalid="true"]')).waitFor();
  const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
  const messages = await Promise.all(describedBy.split(/\s+/).filter(Boolean).map((id) => input.page().locator(`[id="${id}"]`).innerText().catch(() => '')));
  assert.ok(messages.some((m) => m.trim().length > 0), `an error message describes the input (${describedBy})`);
}
