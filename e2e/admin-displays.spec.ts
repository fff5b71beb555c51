// Admin page in real Chromium: /admin/displays lists every screen's heartbeat, flags stale (silent
// over 45 s) and outdated (older version) ones, and refreshes by itself. Real server in-process
// with a clock the test moves forward; heartbeats are posted the way a display posts them.
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.ts';
import { readConfig } from '../src/server/config.ts';
import { launchBrowser } from './support/browser.ts';

const ADMIN_PASSWORD = 'secret-e2e-displays';
const SILENT_FOR_MS = 60_000;

let app: FastifyInstance;
let baseUrl: string;
let dataDir: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let clockOffsetMs = 0;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'prizewheel-admin-displays-e2e-'));
  const config = readConfig({ ADMIN_PASSWORD, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' });
  app = await buildApp(config, {
    demo: false,
    logger: false,
    clock: () => new Date(Date.now() + clockOffsetMs),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
  context = await browser.newContext({ baseURL: baseUrl });
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await app?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function heartbeat(id: string, version: number): Promise<void> {
  const response = await fetch(`${baseUrl}/api/wheels/default/displays/heartbeat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id,
      version,
      state: 'idle',
      connection: 'online',
      fps: 60,
      heapMb: 42.4,
      lastSyncAt: new Date(Date.now() + clockOffsetMs).toISOString(),
      userAgent:
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
      damagedSnapshots: 0,
    }),
  });
  expect(response.status).toBe(204);
}

async function publish(): Promise<void> {
  expect((await page.request.post('/api/admin/wheels/default/publish', { data: {} })).status()).toBe(201);
}

function rowFlags(id: string) {
  return page
    .getByTestId('displays-table')
    .locator(`tr[data-display-id="${id}"]`)
    .evaluate((row) => ({
      stale: row.getAttribute('data-stale'),
      outdated: row.getAttribute('data-outdated'),
    }));
}

describe('admin page: displays', () => {
  it('flags stale and outdated displays and refreshes the list by itself', async () => {
    await page.goto('/admin/displays');
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('displays-table').getByText('No display has reported in yet.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/displays');

    await page.request.put('/api/admin/wheels/default/draft/entries', {
      data: { entries: [{ ticket: '0001', name: 'Ana', weight: 1 }] },
    });
    await publish();
    await publish();
    await heartbeat('screen-silent', 2);
    clockOffsetMs += SILENT_FOR_MS;
    await heartbeat('screen-outdated', 1);
    await heartbeat('screen-current', 2);

    // No reload: the page asks again every 5 s.
    const table = page.getByTestId('displays-table');
    await table.locator('tr[data-display-id="screen-current"]').waitFor();
    expect(await rowFlags('screen-silent')).toEqual({ stale: 'true', outdated: 'false' });
    expect(await rowFlags('screen-outdated')).toEqual({ stale: 'false', outdated: 'true' });
    expect(await rowFlags('screen-current')).toEqual({ stale: 'false', outdated: 'false' });
    const current = table.locator('tr[data-display-id="screen-current"]');
    expect(await current.textContent()).toContain('Chrome 131');
    expect(await current.textContent()).toContain('42 MB');
    expect(await table.locator('tr[data-display-id="screen-outdated"]').textContent()).toContain('1 of 2');
    await page.getByRole('alert').getByText('1 gone · 1 outdated').waitFor();

    // The silent screen comes back: its flag clears on the next refresh.
    await heartbeat('screen-silent', 2);
    await expect
      .poll(() => rowFlags('screen-silent'), { timeout: 15_000 })
      .toEqual({ stale: 'false', outdated: 'false' });

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Draws' }).click();
    await page.waitForURL('**/admin/wheels/default/draws');
    await page.getByTestId('draws-table').waitFor();
  });

  it('shows a closed screen as gone and unable to spin, names a screen and forgets a gone one', async () => {
    // Every screen of the first test falls silent but one.
    clockOffsetMs += SILENT_FOR_MS;
    await heartbeat('screen-current', 2);
    await page.goto('/admin/displays');
    const table = page.getByTestId('displays-table');
    const silent = table.locator('tr[data-display-id="screen-silent"]');
    const current = table.locator('tr[data-display-id="screen-current"]');
    await silent.waitFor();
    expect(await silent.getAttribute('data-stale')).toBe('true');
    expect(await silent.getAttribute('data-can-spin')).toBe('false');
    expect(await silent.textContent()).toContain('gone');
    expect(await silent.textContent()).not.toContain('online');
    expect(await current.getAttribute('data-can-spin')).toBe('true');

    await page.getByRole('button', { name: 'Name screen screen-c' }).click();
    await page.getByLabel('Name of screen screen-c').fill('Stage left');
    await current.getByRole('button', { name: 'Save' }).click();
    await current.getByTestId('display-name').getByText('Stage left').waitFor();

    await page.getByRole('button', { name: 'Forget screen screen-s' }).click();
    await silent.waitFor({ state: 'detached' });
    expect(await current.getByTestId('display-name').textContent()).toContain('Stage left');
  });
});
