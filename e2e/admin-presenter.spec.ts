// Admin page in real Chromium: presenter links — create one (the full link shown once, with a
// copy button), use it to spin, list it, revoke it. Real server in-process on a tmp DATA_DIR.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from './support/app-server.ts';
import { launchBrowser } from './support/browser.ts';

const ADMIN_PASSWORD = 'secret-e2e-presenter';

let server: AppServer;
let baseUrl: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await startAppServer(ADMIN_PASSWORD, 'prizewheel-admin-presenter-e2e-');
  baseUrl = server.url;
  browser = await launchBrowser();
  context = await browser.newContext({ baseURL: baseUrl });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

/** A spin asked with only the presenter key (no admin session). */
async function spinWithKey(key: string, version: number): Promise<number> {
  const response = await fetch(`${baseUrl}/api/wheels/stage/spins`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-presenter-key': key },
    body: JSON.stringify({ version }),
  });
  return response.status;
}

describe('admin page: presenter links', () => {
  it('creates a link shown once, lists it, and revokes it after confirmation', async () => {
    await page.goto('/admin/wheels/default/upload');
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('current-version').waitFor();
    expect(
      (await page.request.post('/api/admin/wheels', { data: { slug: 'stage', title: 'Stage' } })).status(),
    ).toBe(201);
    await page.request.put('/api/admin/wheels/stage/draft/entries', {
      data: { entries: [{ ticket: '0001', name: 'Ana', weight: 1 }] },
    });
    expect((await page.request.post('/api/admin/wheels/stage/publish', { data: {} })).status()).toBe(201);

    await page.goto('/admin/wheels/stage/presenter');
    const keys = page.getByTestId('presenter-keys');
    await keys.getByText('No presenter links.').waitFor();
    const create = page.getByTestId('presenter-key-create');
    expect(await create.isDisabled()).toBe(true); // a label is required
    await page.getByLabel('Label').fill('Main stage laptop');
    await create.click();

    const urlField = page.getByTestId('presenter-key-url');
    await urlField.waitFor();
    const url = new URL(await urlField.inputValue());
    expect(url.origin).toBe(baseUrl);
    expect(url.pathname).toBe('/wheel/stage');
    const key = url.searchParams.get('key') ?? '';
    expect(key.length).toBeGreaterThan(20);
    await page.getByText('it will not be shown again').waitFor();
    // Its QR code, for a phone at the stage (an SVG drawn in the page, nothing fetched).
    const qr = page.getByRole('img', { name: 'QR code of the presenter link “Main stage laptop”' });
    await qr.waitFor();
    expect(await qr.locator('path').getAttribute('d')).toMatch(/^M4 4h1v1h-1z/);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url.toString());

    const row = keys.locator('tr[data-key-id]');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('Main stage laptop');
    // The key is not in the listing, only at creation.
    expect(await keys.textContent()).not.toContain(key);
    expect(await spinWithKey(key, 1)).toBe(201);

    // After a reload the link is gone from the page for good.
    await page.reload();
    await keys.locator('tr[data-key-id]').first().waitFor();
    expect(await page.getByTestId('presenter-key-url').count()).toBe(0);

    await keys.getByRole('button', { name: 'Revoke', exact: true }).click();
    await keys.getByRole('button', { name: 'Cancel' }).click();
    expect(await keys.locator('tr[data-key-id]').count()).toBe(1);
    await keys.getByRole('button', { name: 'Revoke', exact: true }).click();
    await keys.getByRole('button', { name: 'Revoke “Main stage laptop” now' }).click();
    await keys.getByText('No presenter links.').waitFor();
    expect([401, 403]).toContain(await spinWithKey(key, 1));
  });
});
