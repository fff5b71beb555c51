// Issue 5.10: the server killed and restarted (idle for minutes, and in the middle of a spin), and a
// long network outage that ends without the browser noticing, in real Chromium against the real
// `prizewheel serve` process. Page time is Playwright's clock; after the server or the network is back
// the test gives each page at most one poll interval of page time (requests still get real time to
// answer) and expects the latest version on screen.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForWheelAttribute, wheelAttribute } from './support/display-page.ts';
import { openRealServerSuite, type RealServerSuite } from './support/real-server-suite.ts';
import { runUntilAttribute, runUntilVersion } from './support/wheel-harness.ts';

/** The poll interval (POLL_INTERVAL_MS): the page time a screen gets to catch up after a fault. */
const POLL_INTERVAL_MS = 5_000;

let suite: RealServerSuite;

beforeAll(async () => {
  suite = await openRealServerSuite('prizewheel-restart-');
});

afterAll(async () => {
  await suite?.close();
});

/** At most one poll interval of page time, in steps that give the requests real time to answer. */
async function expectVersionWithinOnePoll(page: Page, version: number): Promise<void> {
  await runUntilVersion(page, version, POLL_INTERVAL_MS);
  expect(await wheelAttribute(page, 'data-connection')).toBe('online');
}

async function expectVerifiedVersionShown(page: Page): Promise<void> {
  const shown = await page.evaluate(() => {
    const wheel = window.__prizewheel?.state().wheel;
    return wheel ? { version: wheel.version, checksum: wheel.snapshot.checksum } : null;
  });
  expect(shown).not.toBeNull();
  const stored = await (
    await fetch(`${suite.server.url}/api/wheels/default/snapshots/${shown!.version}`)
  ).json();
  expect(shown!.checksum).toBe((stored as { checksum: string }).checksum);
}

describe('the server killed and restarted', () => {
  it('after minutes down, screens with and without the event stream show the latest version within one poll interval', async () => {
    const withEvents = await suite.harness.openWheel();
    const pollingOnly = await suite.harness.openWheel({ withoutEvents: true });
    const screens = [withEvents, pollingOnly];
    const shown = await wheelAttribute(pollingOnly.page, 'data-version');
    await suite.kill();
    // Five minutes down: the backoff reaches its 60 s cap.
    for (let minute = 0; minute < 5; minute++) {
      for (const { page } of screens) await page.clock.fastForward(60_000);
    }
    for (const { page } of screens) {
      // The requests that fail were sent in page time; their failures arrive in real time.
      await waitForWheelAttribute(page, 'data-connection', 'offline');
      expect(await wheelAttribute(page, 'data-version')).toBe(shown);
      expect(await wheelAttribute(page, 'data-state')).toBe('idle');
    }
    await suite.restart();
    const latest = await suite.harness.publishNext();
    // No `online` event: the browser's own network never went away.
    for (const { page } of screens) await expectVersionWithinOnePoll(page, latest);
    for (const { page, pageErrors, context } of screens) {
      await expectVerifiedVersionShown(page);
      expect(pageErrors).toEqual([]);
      await context.close();
    }
  });

  it('in the middle of a spin: every screen lands on the drawn winner, the landing is reported after the restart', async () => {
    const presenter = await suite.harness.openWheel({ presenter: true });
    const viewer = await suite.harness.openWheel();
    const screens = [presenter, viewer];
    await presenter.page.evaluate(() => void window.__prizewheel?.spin());
    for (const { page } of screens) await waitForWheelAttribute(page, 'data-state', 'spinning');
    const plan = await presenter.page.evaluate(() => window.__prizewheel?.state().spin?.plan);
    expect(plan).toBeDefined();
    await suite.kill();
    for (const { page } of screens) {
      await runUntilAttribute(page, 'data-state', 'idle', plan!.durationMs + 2_000);
      expect(await wheelAttribute(page, 'data-last-spin-id')).toBe(plan!.id);
      expect(await wheelAttribute(page, 'data-last-winner')).toBe(plan!.ticket);
      expect(await wheelAttribute(page, 'data-last-draw-mode')).toBe('server');
    }
    // The server is away for two more minutes; the screens keep the winner on a verified wheel.
    for (const { page } of screens) await page.clock.fastForward(120_000);
    await waitForWheelAttribute(viewer.page, 'data-connection', 'offline');
    await suite.restart();
    const latest = await suite.harness.publishNext();
    for (const { page } of screens) await expectVersionWithinOnePoll(page, latest);
    // The draw was in the log before the wheel turned; the landing the presenter saw is added now.
    const draws = async () =>
      (
        (await (await suite.harness.admin('GET', '/api/admin/wheels/default/draws')).json()) as {
          draws: Array<{ id: string; ticket: string; mode: string; landedIndex: number | null }>;
        }
      ).draws;
    await expect
      .poll(async () => (await draws()).find((draw) => draw.id === plan!.id), { timeout: 15_000 })
      .toMatchObject({ ticket: plan!.ticket, mode: 'random', landedIndex: plan!.targetIndex });
    for (const { page, pageErrors, context } of screens) {
      await expectVerifiedVersionShown(page);
      expect(pageErrors).toEqual([]);
      await context.close();
    }
  });
});

describe('a long network outage the browser does not notice', () => {
  it('after 10 minutes of failing requests, shows the latest version within one poll interval', async () => {
    const { page, pageErrors, context } = await suite.harness.openWheel({ withoutEvents: true });
    const pattern = /\/api\/wheels\/default\/snapshot/;
    await page.route(pattern, (route) => route.abort('connectionrefused'));
    const latest = await suite.harness.publishNext();
    for (let minute = 0; minute < 10; minute++) await page.clock.fastForward(60_000);
    await waitForWheelAttribute(page, 'data-connection', 'offline');
    await page.unroute(pattern);
    await expectVersionWithinOnePoll(page, latest);
    await expectVerifiedVersionShown(page);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
