// Issue 5.8: a spin started by the presenter lands on every screen together. Real Chromium pages on
// real time against the real `prizewheel serve` process: the presenter's page and three view-only
// pages, one of them busy when the spin event arrives (a slow screen). Each page places the spin at
// the server's start time through its measured clock offset; the test compares the landing times the
// pages scheduled (wall-clock, performance.timeOrigin based). The measured spread of the actual
// landing frames is a timing figure: bench/publish-latency.bench.ts prints it.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForWheelAttribute, wheelAttribute } from './support/display-page.ts';
import { openRealServerSuite, type RealServerSuite } from './support/real-server-suite.ts';
import { type OpenedWheel } from './support/wheel-harness.ts';

let suite: RealServerSuite;

beforeAll(async () => {
  suite = await openRealServerSuite('prizewheel-multi-screen-');
});

afterAll(async () => {
  await suite?.close();
});

/** The server's count of open event streams on the default wheel (its /metrics gauge). */
async function openEventStreams(): Promise<number> {
  const text = await (await fetch(`${suite.server.url}/metrics`)).text();
  return Number(/^prizewheel_event_streams\{wheel="default"\} (\d+)/m.exec(text)?.[1] ?? 0);
}

/** The page's last landing in wall-clock ms: scheduled from the server's start, and the frame shown. */
async function lastLanding(
  page: Page,
): Promise<{ spinId: string; scheduledAtMs: number; landedAtMs: number } | null> {
  return page.evaluate(() => {
    const landing = window.__prizewheel?.lastLanding;
    if (!landing) return null;
    return {
      spinId: landing.spinId,
      scheduledAtMs: performance.timeOrigin + landing.scheduledAtMs,
      landedAtMs: performance.timeOrigin + landing.landedAtMs,
    };
  });
}

describe('several screens', () => {
  it('the presenter and three view-only screens schedule the same landing (within 250 ms), a busy one too', async () => {
    const presenter = await suite.harness.openWheel({ presenter: true, realTime: true });
    const viewers: OpenedWheel[] = [];
    for (let i = 0; i < 3; i++) viewers.push(await suite.harness.openWheel({ realTime: true }));
    const screens = [presenter, ...viewers];
    await expect.poll(openEventStreams, { timeout: 15_000 }).toBeGreaterThanOrEqual(screens.length);

    // One screen's main thread is busy for 1.5 s from before the spin: its spin event waits.
    const busy = viewers[0]!.page.evaluate(() => {
      const until = performance.now() + 1_500;
      while (performance.now() < until) {
        // a slow screen
      }
    });
    await presenter.page.evaluate(() => void window.__prizewheel?.spin());
    await busy;
    for (const { page } of screens) await waitForWheelAttribute(page, 'data-state', 'spinning', 15_000);
    const spinId = await presenter.page.evaluate(() => window.__prizewheel?.state().spin?.plan.id ?? '');
    expect(spinId).not.toBe('');
    for (const { page } of screens) await waitForWheelAttribute(page, 'data-last-spin-id', spinId, 30_000);

    const landings = await Promise.all(screens.map(({ page }) => lastLanding(page)));
    const winners = await Promise.all(screens.map(({ page }) => wheelAttribute(page, 'data-last-winner')));
    expect(new Set(winners).size).toBe(1);
    expect(landings.every((landing) => landing?.spinId === spinId)).toBe(true);
    const scheduled = landings.map((landing) => landing!.scheduledAtMs);
    const spreadMs = Math.max(...scheduled) - Math.min(...scheduled);
    const offsets = scheduled.map((atMs) => (atMs - Math.min(...scheduled)).toFixed(1)).join(' / ');
    console.log(
      `scheduled landing spread over ${screens.length} screens: ${spreadMs.toFixed(1)} ms ` +
        `(presenter / busy / viewers: ${offsets} ms)`,
    );
    expect(spreadMs).toBeLessThan(250);
    for (const { pageErrors } of screens) expect(pageErrors).toEqual([]);
    for (const { context } of screens) await context.close();
  });
});
