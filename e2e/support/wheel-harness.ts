// What the browser tests against the real `prizewheel serve` process share: an admin signed in
// through the API, publishing a growing list on the default wheel, and wheel pages whose clock the
// test drives (Playwright's page.clock).
import { setTimeout as delay } from 'node:timers/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { runUntilWheelAttribute, waitForWheelAttribute, wheelAttribute } from './display-page.ts';

/** POLL_INTERVAL_MS × (1 + jitter): the longest a healthy display waits between two polls. */
export const ONE_POLL_INTERVAL_MS = 6_000;

export interface OpenWheelOptions {
  /** Adds the admin session, which gives the page presenter rights. */
  presenter?: boolean;
  /** Refuses the event stream, so the page lives on polling alone. */
  withoutEvents?: boolean;
  /** Leaves the page on real time (no Playwright clock): for what only real time can show. */
  realTime?: boolean;
  /** Added to the page's address, e.g. `?offlineSpins=allow`. */
  query?: string;
  /** Runs before the page is opened (e.g. page.addInitScript). */
  beforeNavigate?: (page: Page) => Promise<unknown>;
}

export interface OpenedWheel {
  context: BrowserContext;
  page: Page;
  pageErrors: Error[];
}

export interface WheelHarness {
  /** An admin API call with the signed-in session. */
  admin(method: string, path: string, body?: unknown): Promise<Response>;
  /** Publishes a list one entry longer than the last on the default wheel; returns its version. */
  publishNext(): Promise<number>;
  /** A wheel page in its own context, idle, with its clock installed and paused (unless realTime). */
  openWheel(options?: OpenWheelOptions): Promise<OpenedWheel>;
}

/**
 * Signs in as admin. `serverUrl` is asked on every call, so the harness outlives a restarted
 * server (the session is in the database).
 */
export async function createWheelHarness(
  browser: Browser,
  serverUrl: () => string,
  adminPassword: string,
): Promise<WheelHarness> {
  const signIn = await fetch(`${serverUrl()}/api/admin/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: adminPassword }),
  });
  const match = /prizewheel_session=([^;]+)/.exec(signIn.headers.get('set-cookie') ?? '');
  if (!match) throw new Error(`sign-in failed: ${signIn.status}`);
  const cookie = match[1]!;
  let listSize = 10;
  let publishedBefore = false;

  const admin = (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${serverUrl()}${path}`, {
      method,
      headers: { cookie: `prizewheel_session=${cookie}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  return {
    admin,
    async publishNext() {
      listSize += 1;
      const entries = Array.from({ length: listSize }, (_, i) => ({
        ticket: `T-${String(i + 1).padStart(3, '0')}`,
        name: `Person ${i + 1}`,
        weight: 1,
      }));
      const put = await admin('PUT', '/api/admin/wheels/default/draft/entries', { entries });
      if (put.status !== 200) throw new Error(`draft: ${put.status} ${await put.text()}`);
      // New wheels start with "Remove winners" on; these specs start with it off (a spec may turn it on).
      if (!publishedBefore) {
        const settings = await admin('PUT', '/api/admin/wheels/default/draft/settings', {
          removeWinners: false,
        });
        if (settings.status !== 200) throw new Error(`settings: ${settings.status} ${await settings.text()}`);
      }
      const publish = await admin('POST', '/api/admin/wheels/default/publish', {});
      publishedBefore = true;
      if (publish.status !== 201) throw new Error(`publish: ${publish.status} ${await publish.text()}`);
      return ((await publish.json()) as { version: number }).version;
    },
    async openWheel(options = {}) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      if (options.presenter)
        await context.addCookies([{ name: 'prizewheel_session', value: cookie, url: serverUrl() }]);
      const page = await context.newPage();
      if (options.withoutEvents)
        await page.route(/\/api\/wheels\/default\/events/, (route) => route.abort('connectionrefused'));
      const pageErrors: Error[] = [];
      page.on('pageerror', (error) => pageErrors.push(error));
      if (!options.realTime) await page.clock.install();
      await options.beforeNavigate?.(page);
      await page.goto(`${serverUrl()}/wheel/default${options.query ?? ''}`);
      await waitForWheelAttribute(page, 'data-state', 'idle');
      if (options.presenter) await waitForWheelAttribute(page, 'data-can-spin', 'true');
      if (!options.realTime) await page.clock.pauseAt(Date.now() + 1_000);
      return { context, page, pageErrors };
    },
  };
}

/**
 * Moves the page's clock forward in steps shorter than a request's timeout (real requests get
 * time to answer) until the wheel shows `version`, at most `limitMs` of page time.
 */
export async function runUntilVersion(page: Page, version: number, limitMs: number): Promise<number> {
  return runUntilWheelAttribute(page, 'data-version', String(version), limitMs);
}

/**
 * Moves the page's clock forward in 1 s steps, without waiting in real time between them, until the
 * attribute has the value: for what the page does by itself (a spin landing). What waits on a
 * request's answer uses runUntilWheelAttribute.
 */
export async function runUntilAttribute(
  page: Page,
  name: string,
  value: string,
  limitMs: number,
): Promise<void> {
  let spentMs = 0;
  while ((await wheelAttribute(page, name)) !== value) {
    if (spentMs >= limitMs) throw new Error(`${name} not ${value} after ${limitMs} ms`);
    await page.clock.runFor(1_000);
    spentMs += 1_000;
  }
}

const OUTBOX_REAL_WAIT_MS = 2_000;
const OUTBOX_CHECK_INTERVAL_MS = 100;

/**
 * Waits until the page has uploaded its local draws (its outbox is empty). Real time first: with the
 * page clock still, an upload in flight cannot time out, however slow the server. Then page time in
 * 1 s steps, because a draw made while another upload was running waits for the next poll.
 */
export async function runUntilOutboxEmpty(page: Page, limitMs: number): Promise<void> {
  for (let spentMs = 0; spentMs <= limitMs; spentMs += 1_000) {
    const realDeadline = Date.now() + OUTBOX_REAL_WAIT_MS;
    do {
      if ((await page.evaluate(() => window.__prizewheel?.outboxSize)) === 0) return;
      await delay(OUTBOX_CHECK_INTERVAL_MS); // the page announces no upload: checked, like expect.poll
    } while (Date.now() < realDeadline);
    await page.clock.runFor(1_000);
  }
  throw new Error(`outbox not empty after ${limitMs} ms of page time`);
}
