// The wheel's presentation settings in real Chromium against the real `prizewheel serve`: the
// organizer sets a title and a logo, an open screen shows them without a reload (pushed on the
// event stream), in the header band, readable and clear of the pointer and the callout from phone to 4K, kept in
// IndexedDB for an offline start; a logo that fails to load never breaks the page.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSolidPng } from '../src/server/test-support/test-images.ts';
import { waitForWheelAttribute, wheelAttribute } from './support/display-page.ts';
import { openRealServerSuite, type RealServerSuite } from './support/real-server-suite.ts';

const TITLE = 'Spring Gala 2026 — Grand Prize Draw';
const LOGO_SIDE_PX = 64;

let suite: RealServerSuite;

beforeAll(async () => {
  suite = await openRealServerSuite('prizewheel-appearance-');
});

afterAll(async () => {
  await suite?.close();
});

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Where the title, the logo, the callout text and the pointer are, in CSS pixels. */
async function measure(page: Page) {
  return page.evaluate(() => {
    const box = (selector: string) => {
      const rect = document.querySelector(selector)!.getBoundingClientRect();
      return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
    };
    const root = document.querySelector<HTMLElement>('[data-testid="wheel"]')!;
    const style = getComputedStyle(root);
    const centerY = parseFloat(style.getPropertyValue('--wheel-center-y'));
    const radius = parseFloat(style.getPropertyValue('--wheel-radius'));
    const shortSide = Math.min(innerWidth, innerHeight);
    const pointerSize = Math.max(14, shortSide * 0.04);
    const scroller = document.scrollingElement!;
    return {
      title: box('[data-testid="wheel-title"]'),
      titleFontPx: parseFloat(
        getComputedStyle(document.querySelector('[data-testid="wheel-title"]')!).fontSize,
      ),
      // Cut off at the bottom (more lines than the band holds) or at the end (an ellipsis).
      titleClipped:
        document.querySelector('[data-testid="wheel-title"]')!.scrollHeight >
          document.querySelector('[data-testid="wheel-title"]')!.clientHeight + 1 ||
        document.querySelector('[data-testid="wheel-title"]')!.scrollWidth >
          document.querySelector('[data-testid="wheel-title"]')!.clientWidth + 1,
      logo: box('[data-testid="wheel-logo"]'),
      calloutText: [box('#callout-name'), box('#callout-ticket')],
      pointer: {
        x: innerWidth / 2 - pointerSize,
        y: centerY - radius - pointerSize * 1.5,
        width: 2 * pointerSize,
        height: pointerSize * 2,
      },
      wheel: { x: innerWidth / 2 - radius, y: centerY - radius, width: 2 * radius, height: 2 * radius },
      viewport: { x: 0, y: 0, width: innerWidth, height: innerHeight },
      scrolls: scroller.scrollHeight > innerHeight || scroller.scrollWidth > innerWidth,
    };
  });
}

describe('title and logo on an open screen', () => {
  it(
    'appear without a reload, stay clear of the pointer and callout from phone to 4K, and survive an offline start',
    { timeout: 180_000 },
    async () => {
      const { context, page, pageErrors } = await suite.harness.openWheel();
      expect(await page.locator('[data-testid="wheel-title"]').isVisible()).toBe(false);
      expect(await wheelAttribute(page, 'data-logo')).toBe('none');
      await waitForWheelAttribute(page, 'data-events', 'open');

      const put = await suite.harness.admin('PUT', '/api/admin/wheels/default/appearance', {
        title: TITLE,
        logo: makeSolidPng(LOGO_SIDE_PX, [230, 40, 90]).toString('base64'),
      });
      expect(put.status).toBe(200);
      // Pushed on the event stream: no reload, no clock moved.
      await page.locator('[data-testid="wheel-title"]', { hasText: TITLE }).waitFor();
      await waitForWheelAttribute(page, 'data-logo', 'shown');
      expect(await page.title()).toBe(TITLE);
      expect(
        await page
          .locator('[data-testid="wheel-logo"]')
          .evaluate((image: HTMLImageElement) => image.naturalWidth),
      ).toBe(LOGO_SIDE_PX);

      for (const viewport of [
        { width: 390, height: 844 },
        { width: 844, height: 390 },
        { width: 1280, height: 800 },
        { width: 1920, height: 1080 },
        { width: 3840, height: 2160 },
      ]) {
        await page.setViewportSize(viewport);
        await page.clock.runFor(100); // a frame: the layout variables follow the new size
        const at = `${viewport.width}×${viewport.height}`;
        const m = await measure(page);
        expect(m.scrolls, at).toBe(false);
        expect(m.titleFontPx, at).toBeGreaterThanOrEqual(14);
        expect(m.titleClipped, at).toBe(false);
        expect(m.logo.width, at).toBeGreaterThanOrEqual(40);
        for (const [name, box] of [
          ['title', m.title],
          ['logo', m.logo],
        ] as const) {
          expect(box.width * box.height, `${name} at ${at}`).toBeGreaterThan(0);
          expect(overlaps(box, m.pointer), `${name} over the pointer at ${at}`).toBe(false);
          for (const text of m.calloutText)
            expect(overlaps(box, text), `${name} over the callout at ${at}`).toBe(false);
          expect(overlaps(box, m.wheel) && name === 'title', `title over the wheel at ${at}`).toBe(false);
          expect(box.x >= 0 && box.y >= 0, `${name} inside at ${at}`).toBe(true);
          expect(box.x + box.width <= m.viewport.width + 0.5, `${name} inside at ${at}`).toBe(true);
          expect(box.y + box.height <= m.viewport.height + 0.5, `${name} inside at ${at}`).toBe(true);
        }
      }
      await page.setViewportSize({ width: 1280, height: 800 });

      // An offline start knows the title and the logo from IndexedDB.
      await page.route(/\/api\//, (route) => route.abort('connectionrefused'));
      await page.reload();
      await waitForWheelAttribute(page, 'data-connection', 'offline');
      await page.locator('[data-testid="wheel-title"]', { hasText: TITLE }).waitFor();
      await waitForWheelAttribute(page, 'data-logo', 'shown');
      await page.unroute(/\/api\//);

      // Removed in the admin: gone from the screen, again without a reload, once the stream is back.
      await page.clock.runFor(6_000);
      await waitForWheelAttribute(page, 'data-connection', 'online');
      await waitForWheelAttribute(page, 'data-events', 'open');
      await suite.harness.admin('PUT', '/api/admin/wheels/default/appearance', { title: '', logo: null });
      await waitForWheelAttribute(page, 'data-logo', 'none');
      expect(await page.locator('[data-testid="wheel-title"]').isVisible()).toBe(false);
      expect(pageErrors).toEqual([]);
      await context.close();
    },
  );

  it('a logo that cannot be loaded or decoded leaves the page working', async () => {
    await suite.harness.admin('PUT', '/api/admin/wheels/default/appearance', {
      title: 'Broken logo',
      logo: makeSolidPng(8, [0, 0, 0]).toString('base64'),
    });
    for (const fault of ['abort', 'garbage'] as const) {
      const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const pageErrors: Error[] = [];
      page.on('pageerror', (error) => pageErrors.push(error));
      await page.route(/\/logo\//, (route) =>
        fault === 'abort'
          ? route.abort('connectionreset')
          : route.fulfill({ status: 200, contentType: 'image/png', body: 'not an image at all' }),
      );
      await page.goto(`${suite.server.url}/wheel/default`);
      await waitForWheelAttribute(page, 'data-state', 'idle');
      await page.locator('[data-testid="wheel-title"]', { hasText: 'Broken logo' }).waitFor();
      await waitForWheelAttribute(page, 'data-logo', fault === 'abort' ? 'none' : 'failed');
      expect(await page.locator('[data-testid="wheel-logo"]').isVisible()).toBe(false);
      await page.waitForFunction(() => window.__prizewheel?.firstWheelPaintMs != null);
      expect(pageErrors).toEqual([]);
      await context.close();
    }
    await suite.harness.admin('PUT', '/api/admin/wheels/default/appearance', { title: '', logo: null });
  });
});
