// Accessibility and phone layout in real Chromium, against the real server (in-process, SQLite in a
// tmp DATA_DIR, the built pages): axe-core over every admin tab, the Displays page, the wheel page
// and the /verify page reports no violation; at 390×844 no admin tab scrolls sideways.
import AxeBuilder from '@axe-core/playwright';
import type { APIResponse, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABS } from '../src/admin/shared/route.ts';
import { startAppServer, type AppServer } from './support/app-server.ts';
import { launchBrowser } from './support/browser.ts';

const ADMIN_PASSWORD = 'secret-e2e-accessibility';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
/** Every admin address: one per tab of the default wheel, then the screens of every wheel. */
const ADMIN_PATHS = [...TABS.map((tab) => `/admin/wheels/default/${tab}`), '/admin/displays'];

let server: AppServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startAppServer(ADMIN_PASSWORD, 'prizewheel-accessibility-e2e-'),
    launchBrowser(),
  ]);
  context = await browser.newContext({ baseURL: server.url, viewport: DESKTOP });
  page = await context.newPage();
  await page.goto('/admin');
  await page.getByTestId('login-username').fill('admin');
  await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-version').waitFor();
  await fillTheWheel();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

/**
 * A wheel as on the night, so the tabs show full tables rather than empty states, with the longest
 * unbroken texts allowed where a column could push the page: two published versions, one landed draw
 * started through a presenter link (its label in the draw log), one named screen that has reported in.
 */
async function fillTheWheel(): Promise<void> {
  const entries = Array.from({ length: 12 }, (_, index) => ({
    // NOTE: unbroken (no space or hyphen) so only the layout, not a line break, can keep it narrow.
    ticket: `TKT${String(index + 1).padStart(4, '0')}`.padEnd(100, 'X'),
    name: `Maximiliana${'Featherstonehaugh'.repeat(4)}${index + 1}`,
    weight: 1,
  }));
  const ok = async (response: APIResponse) => {
    if (response.status() >= 300) throw new Error(`${response.status()}: ${await response.text()}`);
    return response;
  };
  const put = (url: string, data: unknown) => page.request.put(url, { data }).then(ok);
  const post = (url: string, data: unknown) => page.request.post(url, { data }).then(ok);
  await put('/api/admin/wheels/default/draft/entries', { entries: entries.slice(1) });
  await post('/api/admin/wheels/default/publish', {});
  await put('/api/admin/wheels/default/draft/entries', { entries });
  await post('/api/admin/wheels/default/publish', {});
  const { version } = (await (await page.request.get('/api/wheels/default/snapshot')).json()) as {
    version: number;
  };
  const { key } = (await (
    await post('/api/admin/wheels/default/presenter-keys', { label: `Stage${'Presenter'.repeat(10)}` })
  ).json()) as { key: string };
  const plan = (await (
    await post(`/api/wheels/default/spins?key=${encodeURIComponent(key)}`, { version })
  ).json()) as { id: string; targetIndex: number; durationMs: number };
  await post(`/api/wheels/default/spins/${plan.id}/landed?key=${encodeURIComponent(key)}`, {
    landedIndex: plan.targetIndex,
    durationMs: plan.durationMs,
  });
  const displayId = `screen${'0123456789abcdef'.repeat(5)}`;
  const { status } = await fetch(`${server.url}/api/wheels/default/displays/heartbeat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id: displayId,
      version,
      state: 'idle',
      connection: 'online',
      fps: 60,
      heapMb: 42.4,
      lastSyncAt: new Date().toISOString(),
      userAgent: `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) ${'Kiosk'.repeat(40)}`,
      damagedSnapshots: 0,
    }),
  });
  if (status !== 204) throw new Error(`heartbeat: ${status}`);
  await put(`/api/admin/displays/default/${displayId}/name`, { name: `Stage${'Left'.repeat(13)}` });
}

/** Opens an admin address and waits until its panel has loaded what it shows. */
async function openAdmin(path: string): Promise<void> {
  await page.goto(path);
  await page.locator('main.panel').waitFor();
  await page.waitForFunction(
    () =>
      !Array.from(document.querySelectorAll('[role="status"]')).some((element) =>
        element.textContent?.startsWith('Loading'),
      ),
  );
}

/** Every axe violation as "rule: target" lines (empty when none), so a failure names the element. */
async function axeViolations(): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')} (${violation.help})`),
  );
}

describe('accessibility (axe-core)', () => {
  it.each(ADMIN_PATHS)('%s has no violation', async (path) => {
    await openAdmin(path);
    expect(await axeViolations()).toEqual([]);
  });

  it('the wheel page has no violation', async () => {
    await page.goto('/wheel/default');
    await page.locator('[data-state="idle"]').first().waitFor({ state: 'attached' });
    expect(await axeViolations()).toEqual([]);
  });

  it('the verify page has no violation', async () => {
    await page.goto('/verify/default');
    await page.locator('main[data-state="ready"]').waitFor();
    expect(await axeViolations()).toEqual([]);
  });
});

describe('the admin on a phone (390×844)', () => {
  it.each(ADMIN_PATHS)('%s does not scroll sideways', (path) =>
    onAPhone(async () => {
      await openAdmin(path);
      await expectNoSidewaysScroll();
    }),
  );
  // A table that scrolls inside itself on a phone must be reachable from the keyboard (axe:
  // scrollable-region-focusable), so the phone layout gets its own axe pass.
  it.each(ADMIN_PATHS)('%s has no violation on a phone', (path) =>
    onAPhone(async () => {
      await openAdmin(path);
      expect(await axeViolations()).toEqual([]);
    }),
  );

  it("the upload tab's validation report, with the failing rows' long values, stays on the page", () =>
    onAPhone(async () => {
      await openAdmin('/admin/wheels/default/upload');
      const long = 'Y'.repeat(101);
      const list = ['ticket,name,weight,group', `${long},${long},many,${'G'.repeat(201)}`, `T2,,0,`].join(
        '\n',
      );
      await page
        .getByTestId('upload-input')
        .setInputFiles({ name: 'list.csv', mimeType: 'text/csv', buffer: Buffer.from(list) });
      await page.getByTestId('report-errors').waitFor();
      await expectNoSidewaysScroll();
      expect(await axeViolations()).toEqual([]);
    }));
});

/** Runs `check` at phone size, then goes back to the desktop size the other tests use. */
async function onAPhone(check: () => Promise<void>): Promise<void> {
  await page.setViewportSize(PHONE);
  try {
    await check();
  } finally {
    await page.setViewportSize(DESKTOP);
  }
}

async function expectNoSidewaysScroll(): Promise<void> {
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrolls = document.scrollingElement!.scrollWidth > width;
    // When it does scroll: the elements sticking out on the right that no scroller clips (a
    // scroller clips what it contains, an absolutely positioned box only when it is its
    // containing block or inside it), named for the failure message.
    const clipped = (element: Element): boolean => {
      let position = getComputedStyle(element).position;
      for (let box = element.parentElement; box; box = box.parentElement) {
        const style = getComputedStyle(box);
        const contains = position !== 'absolute' || style.position !== 'static';
        if (position === 'fixed') return false;
        if (contains && style.overflowX !== 'visible') return true;
        if (contains) position = style.position;
      }
      return false;
    };
    const culprits = scrolls
      ? Array.from(document.querySelectorAll('body *'))
          .filter((element) => element.getBoundingClientRect().right > width + 1 && !clipped(element))
          .slice(0, 5)
          .map((element) => `${element.tagName.toLowerCase()}.${Array.from(element.classList).join('.')}`)
      : [];
    return { scrolls, culprits };
  });
  expect(overflow).toEqual({ scrolls: false, culprits: [] });
}
