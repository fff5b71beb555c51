import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import {
  makeEntries,
  makeSnapshot,
  startDisplayTestServer,
  type DisplayTestServer,
} from './support/display-test-server.ts';
import {
  openWheelPage,
  runUntilWheelAttribute,
  waitForWheelAttribute,
  wheelAttribute,
} from './support/display-page.ts';

describe('the wheel page when the network misbehaves', () => {
  let browser: Browser;
  let server: DisplayTestServer;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startDisplayTestServer();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the empty state until something is published', async () => {
    const { page } = await openWheelPage(browser, `${server.url}/wheel/nothing-yet`, {
      waitForState: 'empty',
    });
    expect(await wheelAttribute(page, 'data-version')).toBe('');
    server.publish('nothing-yet', makeSnapshot('nothing-yet', 1, makeEntries(5)));
    await waitForWheelAttribute(page, 'data-state', 'idle');
    expect(await wheelAttribute(page, 'data-entry-count')).toBe('5');
    await page.close();
  });

  it('keeps the last good snapshot and says offline on 5xx, bad checksums, truncated JSON and timeouts', async () => {
    const slug = 'flaky';
    server.publish(slug, makeSnapshot(slug, 1, makeEntries(12)));
    const { page, pageErrors } = await openWheelPage(browser, `${server.url}/wheel/${slug}`);
    let version = 1;
    for (const mode of ['error-500', 'bad-checksum', 'malformed', 'hang'] as const) {
      server.publish(slug, makeSnapshot(slug, version + 1, makeEntries(12 + version)), { announce: false });
      server.setSnapshotMode(mode);
      // NOTE: time moves in steps no longer than a request's timeout, so real requests answer in time.
      await page.clock.runFor(6_000); // the next poll
      if (mode === 'hang') await page.clock.runFor(5_000); // the request's timeout
      if (mode === 'bad-checksum') {
        // The damaged body claims a version after the new one: the page counts down through the
        // immutable versions and shows the newest that verifies (the new one), never the damaged one.
        version += 1;
        await waitForWheelAttribute(page, 'data-version', String(version));
        expect(await page.evaluate(() => window.__prizewheel?.damagedSnapshots)).toBeGreaterThan(0);
        server.setSnapshotMode('normal');
        // The damaged poll counted as a failure: one backoff step, in steps shorter than a timeout.
        await runUntilWheelAttribute(page, 'data-connection', 'online', 20_000);
        continue;
      }
      await waitForWheelAttribute(page, 'data-connection', 'offline');
      expect(await wheelAttribute(page, 'data-version'), mode).toBe(String(version));
      expect(await wheelAttribute(page, 'data-state')).toBe('idle');
      expect(await page.locator('#connection-badge').isVisible()).toBe(true);
      server.setSnapshotMode('normal');
      // One failure: the retry comes within 5 s × (1 + jitter) of page time.
      await runUntilWheelAttribute(page, 'data-connection', 'online', 6_000);
      version += 1;
      await waitForWheelAttribute(page, 'data-version', String(version));
    }
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('retries at once when the browser comes back online', async () => {
    const slug = 'reconnect';
    server.publish(slug, makeSnapshot(slug, 1, makeEntries(8)));
    const { page } = await openWheelPage(browser, `${server.url}/wheel/${slug}`);
    server.publish(slug, makeSnapshot(slug, 2, makeEntries(9)), { announce: false });
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await waitForWheelAttribute(page, 'data-version', '2'); // no clock advance needed
    await page.close();
  });
});
