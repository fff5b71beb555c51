// Admin page in real Chromium: an empty wheel opens on the first-draw checklist (#20 req. 1), each
// step ticks off as it is done (upload the sample list, publish, a presenter link, a test spin),
// and the checklist is gone after the first draw. Real server in-process on a tmp DATA_DIR.
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from './support/app-server.ts';
import { launchBrowser } from './support/browser.ts';

const ADMIN_PASSWORD = 'secret-e2e-checklist';
const SAMPLE_LIST = resolve(import.meta.dirname, '../samples/participants.csv');

let server: AppServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await startAppServer(ADMIN_PASSWORD, 'prizewheel-admin-checklist-e2e-');
  browser = await launchBrowser();
  context = await browser.newContext({ baseURL: server.url });
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

async function doneSteps(): Promise<string[]> {
  return page
    .getByTestId('first-draw-checklist')
    .locator('li[data-done="true"]')
    .evaluateAll((items) => items.map((item) => item.getAttribute('data-step') ?? ''));
}

describe('admin page: the first-draw checklist', () => {
  it('opens on an empty wheel, ticks each step off, and is gone after the first draw', async () => {
    await page.goto('/admin');
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    const checklist = page.getByTestId('first-draw-checklist');
    await checklist.waitFor();
    expect(await checklist.locator('li').evaluateAll((items) => items.map((i) => i.dataset.step))).toEqual([
      'upload',
      'check',
      'publish',
      'presenter',
      'test-spin',
    ]);
    expect(await doneSteps()).toEqual([]);
    const sample = checklist.getByRole('link', { name: 'Download the sample list' });
    expect(await sample.getAttribute('href')).toBe('/samples/participants.csv');
    expect((await page.request.get('/samples/participants.csv')).status()).toBe(200);

    // 1. Upload the sample list: the step is done as soon as the draft holds it.
    await page.getByTestId('upload-input').setInputFiles(SAMPLE_LIST);
    await page.getByText(/The draft now holds \d+ entries/).waitFor();
    await expect.poll(doneSteps).toEqual(['upload']);

    // 2–4. Publish and a presenter link (through the API), then the admin opens again.
    expect((await page.request.post('/api/admin/wheels/default/publish', { data: {} })).status()).toBe(201);
    const link = await page.request.post('/api/admin/wheels/default/presenter-keys', {
      data: { label: 'Stage laptop' },
    });
    expect(link.status()).toBe(201);
    await page.reload();
    await checklist.waitFor();
    expect(await doneSteps()).toEqual(['upload', 'check', 'publish', 'presenter']);
    const testSpin = checklist.getByRole('link', { name: 'Do a test spin' });
    expect(await testSpin.getAttribute('href')).toBe('/wheel/default');

    // 5. A spin: the organizer's own list has had its first draw, the checklist steps aside.
    expect((await page.request.post('/api/wheels/default/spins', { data: { version: 1 } })).status()).toBe(
      201,
    );
    await page.reload();
    await page
      .locator('[data-testid="first-draw-checklist"][data-shown="false"]')
      .waitFor({ state: 'attached' });
    expect(await page.getByRole('heading', { name: 'Your first draw in five steps' }).count()).toBe(0);
  });
});
