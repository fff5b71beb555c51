import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import {
  makeEntries,
  makeSnapshot,
  startDisplayTestServer,
  type DisplayTestServer,
} from './support/display-test-server.ts';
import { waitForWheelAttribute } from './support/display-page.ts';

describe('the wheel page layout, phone to 4K', () => {
  let browser: Browser;
  let server: DisplayTestServer;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startDisplayTestServer();
    server.publish('default', makeSnapshot('default', 1, makeEntries(1_000)));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each([
    { width: 390, height: 844, deviceScaleFactor: 3 },
    { width: 1280, height: 800, deviceScaleFactor: 1 },
    { width: 1920, height: 1080, deviceScaleFactor: 2 },
    { width: 3840, height: 2160, deviceScaleFactor: 1 },
  ])(
    'fills $width×$height @$deviceScaleFactor× without scrollbars',
    async ({ width, height, deviceScaleFactor }) => {
      const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor });
      const page = await context.newPage();
      await page.goto(`${server.url}/wheel/default`);
      await waitForWheelAttribute(page, 'data-state', 'idle');
      await page.waitForFunction(() => window.__prizewheel?.firstWheelPaintMs != null);
      const measured = await page.evaluate(() => {
        const canvas = document.querySelector('canvas')!;
        const root = document.scrollingElement!;
        return {
          canvas: [canvas.width, canvas.height],
          scrolls: root.scrollHeight > window.innerHeight || root.scrollWidth > window.innerWidth,
          bitmapSide: window.__prizewheel!.renderer.bitmapSidePx,
          callout: document.querySelector('#callout-name')!.textContent,
        };
      });
      expect(measured.canvas).toEqual([width * deviceScaleFactor, height * deviceScaleFactor]);
      expect(measured.scrolls).toBe(false);
      expect(measured.bitmapSide).toBeGreaterThan(0);
      expect(measured.bitmapSide).toBeLessThanOrEqual(4096);
      expect(measured.callout).toMatch(/^Participant \d+$/);
      await context.close();
    },
  );

  it('shows the diagnostics with ?diagnostics=1 and toggles them with D', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/wheel/default?diagnostics=1`);
    await waitForWheelAttribute(page, 'data-state', 'idle');
    const panel = page.locator('[data-testid="diagnostics"]');
    await page.waitForFunction(() =>
      /version\s+1/.test(document.querySelector('#diagnostics')!.textContent ?? ''),
    );
    expect(await panel.textContent()).toMatch(
      /fps[\s\S]*frame p95[\s\S]*heap[\s\S]*checksum\s+sha256:[\s\S]*connection\s+online[\s\S]*last sync/,
    );
    await page.keyboard.press('d');
    expect(await panel.isVisible()).toBe(false);
    await page.keyboard.press('d');
    expect(await panel.isVisible()).toBe(true);
    expect(await page.locator('[data-testid="wheel"]').getAttribute('data-title')).toBe('default');
    await page.close();
  });
});
