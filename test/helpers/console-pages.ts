import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { screenshot, seriousViolations } from './browser.js';
import { HOST_ADMIN_PASSWORD } from './test-app.js';

/** The two widths every console page is checked at. */
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 740 };

/** Fails with axe-core's findings when the page as it is now has a serious or critical violation. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const violations = await seriousViolations(page);
  assert.deepEqual(violations, [], `${name}: ${JSON.stringify(violations, null, 2)}`);
}

/** Photographs the page at both widths (`<name>-desktop`, `<name>-375`), then returns to the desktop. */
export async function photograph(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-desktop`);
  await page.setViewportSize(PHONE);
  // The layout settles (a chart measures its new width) before the picture.
  await page.waitForTimeout(200);
  await screenshot(page, `${name}-375`);
  await page.setViewportSize(DESKTOP);
  await page.waitForTimeout(200);
}

/** A fresh browser context (no session, no stored colour scheme) on the app, and its page. */
export async function openPage(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: DESKTOP, baseURL });
  context.setDefaultTimeout(10_000);
  return { context, page: await context.newPage() };
}

/** Signs in through the sign-in page (host when no tenancy name) and waits to leave it. */
export async function signInThroughPage(page: Page, user = 'admin', password = HOST_ADMIN_PASSWORD, tenancyName = ''): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Tenancy name').fill(tenancyName);
  await page.getByLabel(/user name or e-mail/i).fill(user);
  await page.locator('input[type=password]').fill(password);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL((url) => url.pathname !== '/signin');
}

/** Switches the console's colour scheme with its own header button. */
export async function useColours(page: Page, scheme: 'light' | 'dark'): Promise<void> {
  const button = page.getByRole('button', { name: scheme === 'dark' ? 'Use dark colours' : 'Use light colours' });
  if (await button.isVisible()) await button.click();
  await page.waitForFunction((s) => (globalThis as any).document.documentElement.getAttribute('data-mantine-color-scheme') === s, scheme);
}

/** Signs out through the account menu under the user's name, and waits for the sign-in page. */
export async function signOutThroughMenu(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Account menu of/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.waitForURL('**/signin');
}

/** The console's stored session (sessionStorage `tenantry.session`), as the page holds it; null when signed out. */
export function storedSession(page: Page): Promise<any> {
  return page.evaluate(() => JSON.parse((globalThis as any).sessionStorage.getItem('tenantry.session') ?? 'null'));
}
