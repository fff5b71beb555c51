// Admin page in real Chromium: the publish preview names earlier winners that the draft would put
// back on the wheel (the original list uploaded again) and publishes only once that is confirmed.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from './support/app-server.ts';
import { launchBrowser } from './support/browser.ts';

const ADMIN_PASSWORD = 'secret-e2e-returning-winners';
const ENTRIES = Array.from({ length: 5 }, (_, i) => ({
  ticket: `000${i + 1}`,
  name: `Person ${i + 1}`,
  weight: 1,
}));

let server: AppServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await startAppServer(ADMIN_PASSWORD, 'prizewheel-returning-winners-e2e-');
  browser = await launchBrowser();
  context = await browser.newContext({ baseURL: server.url });
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

describe('admin page: publishing after draws with "Remove winners"', () => {
  it('names the winners a publish would bring back and asks to confirm', async () => {
    await page.goto('/admin/wheels/default/publish');
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('current-version').waitFor();
    expect(
      (
        await page.request.put('/api/admin/wheels/default/draft/entries', { data: { entries: ENTRIES } })
      ).status(),
    ).toBe(200);
    expect((await page.request.post('/api/admin/wheels/default/publish', { data: {} })).status()).toBe(201);
    const spin = await page.request.post('/api/wheels/default/spins', { data: { version: 1 } });
    expect(spin.status()).toBe(201);
    const winner = (await spin.json()) as { ticket: string; name: string };
    // The original list again: the winner is back in the draft.
    expect(
      (
        await page.request.put('/api/admin/wheels/default/draft/entries', { data: { entries: ENTRIES } })
      ).status(),
    ).toBe(200);

    await page.reload();
    const warning = page.getByTestId('returning-winners');
    await warning.waitFor();
    expect(await warning.textContent()).toContain(`${winner.name} (${winner.ticket}, draw 1)`);
    const publish = page.getByTestId('publish');
    expect(await publish.isDisabled()).toBe(true);
    await page.getByTestId('confirm-returning-winners').check();
    await publish.click();
    await page.getByTestId('published-version').waitFor();
    expect(await page.getByTestId('published-version').textContent()).toBe('3');
  });
});
