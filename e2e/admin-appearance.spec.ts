// The organizer sets the wheel's title, logo and offline-spin policy in the admin (Settings →
// Presentation) in real Chromium against the real server; an open wheel page shows them without a
// reload. A refused logo (SVG) says why and changes nothing.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSolidPng } from '../src/server/test-support/test-images.ts';
import { startAppServer, type AppServer } from './support/app-server.ts';
import { launchBrowser } from './support/browser.ts';
import { waitForWheelAttribute, wheelAttribute } from './support/display-page.ts';

const ADMIN_PASSWORD = 'secret-e2e-appearance';
const TITLE = 'Company Picnic Raffle';

let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  server = await startAppServer(ADMIN_PASSWORD, 'prizewheel-admin-appearance-');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('Settings → Presentation', () => {
  it(
    'sets title, logo and refuse; an open screen shows them at once; an SVG is refused',
    { timeout: 120_000 },
    async () => {
      const pngPath = join(server.dataDir, 'logo.png');
      await writeFile(pngPath, makeSolidPng(48, [20, 160, 90]));
      // Named like a PNG: the content decides.
      await writeFile(
        join(server.dataDir, 'sneaky.png'),
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      );

      const screenContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const screen = await screenContext.newPage();
      const screenErrors: Error[] = [];
      screen.on('pageerror', (error) => screenErrors.push(error));
      await screen.goto(`${server.url}/wheel/default`);
      await waitForWheelAttribute(screen, 'data-events', 'open');
      expect(await wheelAttribute(screen, 'data-offline-spins')).toBe('allow');

      const adminContext = await browser.newContext({ baseURL: server.url });
      const page = await adminContext.newPage();
      await page.goto('/admin');
      await page.getByTestId('login-username').fill('admin');
      await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
      await page.getByTestId('login-submit').click();
      await page
        .getByRole('navigation', { name: 'Sections' })
        .getByRole('link', { name: 'Settings', exact: true })
        .click();
      const form = page.getByTestId('appearance-form');
      await form.waitFor();

      // Refused by content: nothing is saved, the form says why.
      await form.getByLabel('Choose a logo').setInputFiles(join(server.dataDir, 'sneaky.png'));
      await form.getByText('SVG logos are not accepted').waitFor();
      expect(await form.getByTestId('logo-preview').locator('img').count()).toBe(0);

      await form.getByLabel('Title on the screen (empty: none)').fill(TITLE);
      await form.getByLabel('Choose a logo').setInputFiles(pngPath);
      await form.getByTestId('logo-preview').locator('img').waitFor();
      await form.getByLabel(/Refuse: the screen says spins are paused/).check();
      await form.getByRole('button', { name: 'Save presentation' }).click();
      await form.getByText('Presentation saved').waitFor();

      // The open screen, without a reload.
      await screen.locator('[data-testid="wheel-title"]', { hasText: TITLE }).waitFor();
      await waitForWheelAttribute(screen, 'data-logo', 'shown');
      await waitForWheelAttribute(screen, 'data-offline-spins', 'refuse');
      expect(
        await screen
          .locator('[data-testid="wheel-logo"]')
          .evaluate((image: HTMLImageElement) => image.naturalWidth),
      ).toBe(48);

      // The saved logo is previewed from the server after a reload of the admin.
      await page.reload();
      await page
        .getByRole('navigation', { name: 'Sections' })
        .getByRole('link', { name: 'Settings', exact: true })
        .click();
      const preview = page.getByTestId('appearance-form').getByTestId('logo-preview').locator('img');
      await preview.waitFor();
      expect(await preview.getAttribute('src')).toMatch(/^\/api\/wheels\/default\/logo\/[0-9a-f]{64}$/);
      await page.getByRole('button', { name: 'Remove logo' }).click();
      await page.getByRole('button', { name: 'Save presentation' }).click();
      await waitForWheelAttribute(screen, 'data-logo', 'none');

      expect(screenErrors).toEqual([]);
      await adminContext.close();
      await screenContext.close();
    },
  );
});
