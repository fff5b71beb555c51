// Issue #20, the stage and the verify page, in one Chromium against the real `prizewheel serve`:
// at 390×844, 1366×768 and 1920×1080 the title and logo sit in the header band (one line on the
// landscape screens), the callout before the first spin is small and quiet, a 600-entry wheel says
// how many it holds, and after a live spin the winner card covers neither title nor logo — all by
// bounding boxes, never pixels, with no horizontal overflow. The verify page shows a draw whose seed
// is not revealed as pending (no ✗), titled with the wheel's title, and finds the winner's ticket in
// the version it was drawn from. No page (wheel, verify, admin, present) logs a console error.
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSolidPng } from '../src/server/test-support/test-images.ts';
import { launchBrowser } from './support/browser.ts';
import { waitForWheelAttribute } from './support/display-page.ts';
import { signInOverHttp, startServer, type RunningServer } from './support/server.ts';

const TITLE = 'Spring Gala 2026 — Grand Prize Draw of the Riverside Community Association';
const ENTRY_COUNT = 600;
const SCREENS = [
  { width: 390, height: 844 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlaps = (a: Box, b: Box): boolean =>
  a.width > 0 &&
  a.height > 0 &&
  b.width > 0 &&
  b.height > 0 &&
  a.x < b.x + b.width &&
  b.x < a.x + a.width &&
  a.y < b.y + b.height &&
  b.y < a.y + a.height;

let server: RunningServer;
let browser: Browser;
let cookie = '';
/** Every console error and uncaught exception of every page this file opens, with its page. */
const consoleErrors: string[] = [];

function watchConsole(page: Page, name: string): void {
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error')
      consoleErrors.push(`${name}: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`${name}: ${String(error)}`));
}

async function api(method: string, path: string, body?: unknown): Promise<Response> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      origin: server.url,
      cookie,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  cookie = await signInOverHttp(server.url, server.adminPassword);
  const entries = Array.from({ length: ENTRY_COUNT }, (_, i) => ({
    ticket: `T-${String(i + 1).padStart(4, '0')}`,
    name: `Participant ${i + 1}`,
    weight: 1,
  }));
  await api('PUT', '/api/admin/wheels/default/draft/entries', { entries });
  await api('POST', '/api/admin/wheels/default/publish', {});
  await api('PUT', '/api/admin/wheels/default/appearance', {
    title: TITLE,
    logo: makeSolidPng(64, [230, 40, 90]).toString('base64'),
  });
  // Verifiable: the draw below stays pending until a reveal that never comes in this file.
  await api('PUT', '/api/admin/wheels/default/verifiable', { verifiable: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The boxes and facts the layout checks read, in CSS pixels. */
async function measureStage(page: Page) {
  return page.evaluate(() => {
    const box = (selector: string) => {
      const rect = document.querySelector(selector)!.getBoundingClientRect();
      return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
    };
    const root = document.querySelector<HTMLElement>('[data-testid="wheel"]')!;
    const style = getComputedStyle(root);
    const title = document.querySelector<HTMLElement>('[data-testid="wheel-title"]')!;
    const titleStyle = getComputedStyle(title);
    const scroller = document.scrollingElement!;
    return {
      title: box('[data-testid="wheel-title"]'),
      titleFontPx: parseFloat(titleStyle.fontSize),
      titleLineHeightPx: parseFloat(titleStyle.lineHeight),
      logo: box('[data-testid="wheel-logo"]'),
      calloutName: box('#callout-name'),
      calloutTicket: box('#callout-ticket'),
      calloutFontPx: parseFloat(getComputedStyle(document.querySelector('#callout-name')!).fontSize),
      reveal: box('#reveal'),
      revealShown: !document.querySelector<HTMLElement>('#reveal')!.hidden,
      count: box('[data-testid="wheel-count"]'),
      countText: document.querySelector('[data-testid="wheel-count"]')!.textContent,
      headerBand: parseFloat(style.getPropertyValue('--header-band')),
      calloutBand: parseFloat(style.getPropertyValue('--callout-band')),
      wheelTop:
        parseFloat(style.getPropertyValue('--wheel-center-y')) -
        parseFloat(style.getPropertyValue('--wheel-radius')),
      overflowsSideways: scroller.scrollWidth > innerWidth,
    };
  });
}

type Stage = Awaited<ReturnType<typeof measureStage>>;

/** Title, logo, callout text and (when shown) the winner card: pairwise clear, nothing off the side. */
function expectClearStage(m: Stage, at: string): void {
  expect(m.overflowsSideways, `horizontal overflow at ${at}`).toBe(false);
  const parts: Array<[string, Box]> = [
    ['title', m.title],
    ['logo', m.logo],
    ['callout name', m.calloutName],
    ['callout ticket', m.calloutTicket],
  ];
  if (m.revealShown) parts.push(['winner card', m.reveal]);
  for (let i = 0; i < parts.length; i++)
    for (let j = i + 1; j < parts.length; j++) {
      const [a, boxA] = parts[i]!;
      const [b, boxB] = parts[j]!;
      if (a.startsWith('callout') && b.startsWith('callout')) continue; // one element's two lines
      expect(overlaps(boxA, boxB), `${a} and ${b} overlap at ${at}`).toBe(false);
    }
  for (const [name, box] of parts.slice(0, 2)) {
    expect(box.width * box.height, `${name} shown at ${at}`).toBeGreaterThan(0);
    // In the header band: above the callout band and the wheel.
    expect(box.y + box.height, `${name} inside the header at ${at}`).toBeLessThanOrEqual(m.headerBand + 0.5);
  }
}

describe('the stage at 390×844, 1366×768 and 1920×1080', () => {
  const opened: Array<{ context: BrowserContext; page: Page; at: string }> = [];

  afterAll(async () => {
    for (const { context } of opened) await context.close();
  });

  it('keeps the header band on one line, the callout quiet and the count on a crowded wheel before any spin', async () => {
    for (const viewport of SCREENS) {
      const at = `${viewport.width}×${viewport.height}`;
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      watchConsole(page, `wheel ${at}`);
      opened.push({ context, page, at });
      await page.goto(`${server.url}/wheel/default`);
      await waitForWheelAttribute(page, 'data-state', 'idle');
      await waitForWheelAttribute(page, 'data-logo', 'shown');
      await waitForWheelAttribute(page, 'data-wheel-count', String(ENTRY_COUNT));
      await waitForWheelAttribute(page, 'data-events', 'open');
      expect(await page.title()).toBe(TITLE);
      await waitForWheelAttribute(page, 'data-callout', 'idle');

      const m = await measureStage(page);
      expectClearStage(m, at);
      expect(m.headerBand, at).toBeGreaterThan(0);
      expect(m.wheelTop, at).toBeGreaterThanOrEqual(m.headerBand + m.calloutBand);
      if (viewport.width > viewport.height) {
        // One line across the top, never a narrow column beside the wheel.
        expect(m.title.height, `title lines at ${at}`).toBeLessThan(1.5 * m.titleLineHeightPx);
        expect(m.title.width, `title width at ${at}`).toBeGreaterThan(viewport.width / 2);
      }
      expect(m.titleFontPx, at).toBeGreaterThanOrEqual(14);
      // Small and quiet: well under the size a winner's name gets in the same band.
      expect(m.calloutFontPx, at).toBeLessThanOrEqual(0.25 * m.calloutBand);
      expect(m.countText, at).toBe('600 participants');
      expect(m.count.width * m.count.height, at).toBeGreaterThan(0);
      await page.screenshot({ path: `/tmp/prizewheel-stage-${at}.png` });
    }
  });

  it('after a live spin shows the winner card clear of the title and logo on every screen', async () => {
    const snapshot = (await (await api('GET', '/api/wheels/default/snapshot')).json()) as { version: number };
    const answer = await api('POST', '/api/wheels/default/spins', { version: snapshot.version });
    const plan = (await answer.json()) as { ticket: string; name: string };
    for (const { page, at } of opened) {
      await waitForWheelAttribute(page, 'data-callout', 'winner', 60_000);
      await page.locator('#reveal:not([hidden])').waitFor();
      expect(await page.locator('#reveal-name').textContent(), at).toBe(plan.name);
      const m = await measureStage(page);
      expect(m.revealShown, at).toBe(true);
      expectClearStage(m, at);
      // The winner's name is the big one now.
      expect(m.calloutFontPx, at).toBeGreaterThan(0.3 * m.calloutBand);
      await page.screenshot({ path: `/tmp/prizewheel-stage-winner-${at}.png` });
    }
  });
});

describe('the verify page', () => {
  it("calls an unrevealed draw pending, carries the wheel's title and finds the winner's ticket in its version", async () => {
    const verification = (await (await api('GET', '/api/wheels/default/verification')).json()) as {
      draws: Array<{ seq: number; ticket: string; version: number }>;
    };
    const draw = verification.draws[0]!;
    const latest = (await (await api('GET', '/api/wheels/default/snapshot')).json()) as {
      entries: Array<{ ticket: string }>;
    };
    // "Remove winners" (on for a new wheel) published a list without the winner.
    expect(latest.entries.some((entry) => entry.ticket === draw.ticket)).toBe(false);

    for (const viewport of SCREENS) {
      const at = `${viewport.width}×${viewport.height}`;
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      watchConsole(page, `verify ${at}`);
      await page.goto(`${server.url}/verify/default`);
      await page.locator('main[data-state="ready"]').waitFor();
      expect(await page.getByTestId('verify-title').textContent()).toBe(TITLE);
      expect(await page.title()).toBe(`Verify the draws — ${TITLE}`);
      await page.locator('[data-testid="verify-logo"]:not([hidden])').waitFor();
      expect(await page.locator('main').getAttribute('data-result')).toBe('pending');
      expect(await page.locator('#status').textContent()).toMatch(/^Pending: 1 of 1 draw\(s\) wait/);
      const result = page.getByTestId('verify-result');
      expect(await result.getAttribute('data-status')).toBe('pending');
      expect(await result.locator('.mark').textContent()).toBe('…');
      expect(await result.locator('.problem').count()).toBe(0);
      expect(await page.locator('main').textContent()).not.toMatch(/✗|FAIL/);
      expect(
        await page.evaluate(() => document.scrollingElement!.scrollWidth > innerWidth),
        `horizontal overflow at ${at}`,
      ).toBe(false);

      await page.getByTestId('verify-ticket-input').fill(draw.ticket.toLowerCase());
      await page.getByTestId('verify-ticket-input').press('Enter');
      const lookup = page.getByTestId('verify-ticket-result');
      await expect.poll(() => lookup.getAttribute('data-drawn')).toBe('true');
      expect((await lookup.getAttribute('data-versions'))?.split(',')).toContain(String(draw.version));
      expect(await lookup.textContent()).toContain(`draw #${draw.seq} from version ${draw.version}`);
      await context.close();
    }
  });
});

describe('console errors', () => {
  it('none on the wheel, verify, admin and present pages', async () => {
    const created = await api('POST', '/api/admin/wheels/default/presenter-keys', { label: 'Stage phone' });
    const { key } = (await created.json()) as { key: string };
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await context.addCookies([{ name: 'prizewheel_session', value: cookie.split('=')[1]!, url: server.url }]);
    const admin = await context.newPage();
    watchConsole(admin, 'admin');
    await admin.goto(`${server.url}/admin`);
    await admin.getByTestId('current-version').waitFor();
    const present = await context.newPage();
    watchConsole(present, 'present');
    await present.goto(`${server.url}/present/default?key=${encodeURIComponent(key)}`);
    await present.locator('main[data-state="ready"]').waitFor();
    // The icon every browser asks for on its own is there.
    const icon = await present.request.get(`${server.url}/favicon.ico`);
    expect(icon.status()).toBe(200);
    await context.close();
    // The wheel and verify pages of the tests above were watched from their first request.
    expect(consoleErrors).toEqual([]);
  });
});
