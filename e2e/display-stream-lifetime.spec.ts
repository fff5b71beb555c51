// The event stream's lifetime, in real Chromium against the real app: the server ends each stream
// after EVENT_STREAM_LIFETIME_MS, and the wheel page's EventSource comes back by itself after the
// `retry:` hint and keeps following the wheel.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from './support/app-server.ts';
import { launchBrowser } from './support/browser.ts';
import { openWheelPage, waitForWheelAttribute, wheelAttribute } from './support/display-page.ts';
import { signInOverHttp } from './support/server.ts';

const ADMIN_PASSWORD = 'stream-lifetime-admin-password';
/** Short, so the test sees a stream end; long enough to act on the stream that replaced it. */
const STREAM_LIFETIME_MS = 6_000;
/** The server's `retry:` (3 s) plus the lifetime, with room on a busy machine. */
const END_AND_RETURN_TIMEOUT_MS = 30_000;

describe('the wheel page and the event stream lifetime', () => {
  let browser: Browser;
  let server: AppServer;
  let cookie: string;

  async function publish(count: number): Promise<void> {
    const entries = Array.from({ length: count }, (_, i) => ({
      ticket: String(i + 1).padStart(3, '0'),
      name: `Person ${i + 1}`,
      weight: 1,
    }));
    const headers = { cookie, 'content-type': 'application/json' };
    const put = await fetch(`${server.url}/api/admin/wheels/default/draft/entries`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ entries }),
    });
    expect(put.status).toBe(200);
    const published = await fetch(`${server.url}/api/admin/wheels/default/publish`, {
      method: 'POST',
      headers,
      body: '{}',
    });
    expect(published.status).toBe(201);
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startAppServer(ADMIN_PASSWORD, 'prizewheel-stream-lifetime-', {
      EVENT_STREAM_LIFETIME_MS: String(STREAM_LIFETIME_MS),
    });
    cookie = await signInOverHttp(server.url, ADMIN_PASSWORD);
    await publish(10);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('reconnects after the server ends the stream, and hears the next publish on the new stream', async () => {
    const { page, pageErrors } = await openWheelPage(browser, `${server.url}/wheel/default`);
    await waitForWheelAttribute(page, 'data-events', 'open');
    expect(await wheelAttribute(page, 'data-version')).toBe('1');
    // The server ends the stream; the browser reconnects after `retry:` (its own timer, not the page's).
    await waitForWheelAttribute(page, 'data-events', 'closed', END_AND_RETURN_TIMEOUT_MS);
    await waitForWheelAttribute(page, 'data-events', 'open', END_AND_RETURN_TIMEOUT_MS);
    // The page's clock is paused, so its poller is silent: only the new stream can bring version 2.
    await publish(12);
    await waitForWheelAttribute(page, 'data-version', '2');
    expect(await wheelAttribute(page, 'data-entry-count')).toBe('12');
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
