// Issue #17.3: spins reach a screen that gets no event stream (a venue network that blocks or
// buffers Server-Sent Events). Real Chromium against the real `prizewheel serve` process, on
// Playwright's clock: a view-only screen whose stream is refused, then one whose stream connects and
// never delivers, shows every spin drawn from the API: joined and animated when it learns of the spin
// while it turns, landed at once on the recorded winner when it learns of it after it ended.
import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpinPlan } from '../src/core/index.ts';
import { runUntilWheelAttribute, waitForWheelAttribute, wheelAttribute } from './support/display-page.ts';
import { openRealServerSuite, type RealServerSuite } from './support/real-server-suite.ts';
import { ONE_POLL_INTERVAL_MS, runUntilAttribute, type OpenedWheel } from './support/wheel-harness.ts';

/** Long enough that the screen surely learns of the spin while it turns (the server's real time). */
const LONG_SPIN_MS = 20_000;
/** The shortest spin the settings allow: the screen, its clock held, learns of it after it ended. */
const SHORT_SPIN_MS = 3_000;

let suite: RealServerSuite;
/** Answers every request with an event stream's headers, then nothing: a proxy that buffers it all. */
let silentStreams: Server;
let silentStreamsUrl: string;
const heldStreams = new Set<ServerResponse>();
const admin = (method: string, path: string, body?: unknown) => suite.harness.admin(method, path, body);

beforeAll(async () => {
  suite = await openRealServerSuite('prizewheel-no-stream-');
  silentStreams = createServer((_request, response) => {
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'access-control-allow-origin': '*',
    });
    response.flushHeaders();
    heldStreams.add(response);
  });
  silentStreams.listen(0, '127.0.0.1');
  await once(silentStreams, 'listening');
  silentStreamsUrl = `http://127.0.0.1:${(silentStreams.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const response of heldStreams) response.destroy();
  silentStreams?.close();
  await suite?.close();
});

/** Publishes the next list with this spin duration; returns its version. */
async function publishWithSpinDuration(spinDurationMs: number): Promise<number> {
  const settings = await admin('PUT', '/api/admin/wheels/default/draft/settings', {
    spinDurationMs,
    removeWinners: false,
  });
  expect(settings.status).toBe(200);
  return suite.harness.publishNext();
}

async function drawSpin(version: number): Promise<SpinPlan> {
  const answer = await admin('POST', '/api/wheels/default/spins', { version });
  expect(answer.status).toBe(201);
  return (await answer.json()) as SpinPlan;
}

/** The presenter's screen reports the landing: the wheel may spin again. */
async function reportLanded(plan: SpinPlan): Promise<void> {
  const landed = await admin('POST', `/api/wheels/default/spins/${plan.id}/landed`, {
    landedIndex: plan.targetIndex,
    durationMs: plan.durationMs,
  });
  expect(landed.status).toBeLessThan(300);
}

/** The server's own word that no spin turns any more (204 from spins/current). */
async function serverSpinStatus(): Promise<number> {
  return (await fetch(`${suite.server.url}/api/wheels/default/spins/current`)).status;
}

async function expectWinnerShown(page: Page, plan: SpinPlan): Promise<void> {
  expect(await wheelAttribute(page, 'data-last-spin-id')).toBe(plan.id);
  expect(await wheelAttribute(page, 'data-last-winner')).toBe(plan.ticket);
  expect(await wheelAttribute(page, 'data-plan-problem')).toBeNull();
}

/** A spin the screen learns of from its poll while it turns: joined, animated, landed on the winner. */
async function expectSpinAnimated(page: Page, version: number): Promise<void> {
  const plan = await drawSpin(version);
  await runUntilWheelAttribute(page, 'data-state', 'spinning', ONE_POLL_INTERVAL_MS);
  expect(await page.evaluate(() => window.__prizewheel?.state().spin?.plan.id)).toBe(plan.id);
  await runUntilAttribute(page, 'data-state', 'idle', plan.durationMs + 2_000);
  await expectWinnerShown(page, plan);
  await reportLanded(plan);
}

/** A spin that ended before the screen's next poll: its recorded winner within one poll interval. */
async function expectLateSpinShown(page: Page, version: number): Promise<void> {
  const plan = await drawSpin(version);
  // The page's clock stands still meanwhile: it cannot poll before the spin has ended.
  await expect.poll(serverSpinStatus, { timeout: 3 * SHORT_SPIN_MS }).toBe(204);
  await runUntilWheelAttribute(page, 'data-last-spin-id', plan.id, ONE_POLL_INTERVAL_MS);
  await waitForWheelAttribute(page, 'data-state', 'idle');
  await expectWinnerShown(page, plan);
  await reportLanded(plan);
}

/** The screen's heartbeat, as the admin's Displays page lists it, says spins come by polls. */
async function expectHeartbeatSaysPoll(page: Page): Promise<void> {
  const displayId = await page.evaluate(() => localStorage.getItem('prizewheel.displayId'));
  // The heartbeat goes out after the first paint and every 15 s of page time.
  await page.clock.runFor(15_000);
  await expect
    .poll(async () => {
      const listed = (await (await admin('GET', '/api/admin/displays')).json()) as {
        displays: Array<{ id: string; spinSource?: string }>;
      };
      return listed.displays.find((display) => display.id === displayId)?.spinSource;
    })
    .toBe('poll');
}

async function expectEverySpinShown({ page, pageErrors, context }: OpenedWheel): Promise<void> {
  expect(await wheelAttribute(page, 'data-spin-source')).toBe('poll');
  const longSpins = await publishWithSpinDuration(LONG_SPIN_MS);
  // A version reaches the screen within one poll interval, or one probe after a poll backed off.
  await runUntilWheelAttribute(page, 'data-version', String(longSpins), 2 * ONE_POLL_INTERVAL_MS);
  await expectSpinAnimated(page, longSpins);
  await expectSpinAnimated(page, longSpins);
  const shortSpins = await publishWithSpinDuration(SHORT_SPIN_MS);
  await runUntilWheelAttribute(page, 'data-version', String(shortSpins), 2 * ONE_POLL_INTERVAL_MS);
  await expectLateSpinShown(page, shortSpins);
  expect(await wheelAttribute(page, 'data-spin-source')).toBe('poll');
  await expectHeartbeatSaysPoll(page);
  expect(pageErrors).toEqual([]);
  await context.close();
}

describe('a view-only screen without the event stream', () => {
  it('shows every spin when its event stream is refused: animated while it turns, its winner when learned late', async () => {
    const screen = await suite.harness.openWheel({ withoutEvents: true });
    await waitForWheelAttribute(screen.page, 'data-events', 'closed');
    await expectEverySpinShown(screen);
  });

  it('shows every spin when its event stream connects and never delivers (a buffering proxy)', async () => {
    const screen = await suite.harness.openWheel({
      beforeNavigate: (page) =>
        page.route(/\/api\/wheels\/default\/events/, (route) =>
          route.continue({ url: `${silentStreamsUrl}/events` }),
        ),
    });
    await waitForWheelAttribute(screen.page, 'data-events', 'open');
    await expectEverySpinShown(screen);
    expect(heldStreams.size).toBeGreaterThan(0);
  });
});
