// Issue 5's faults, in real Chromium against the real `prizewheel serve` process: the page is
// driven with Playwright's clock; faults are injected with page.route in front of the real server,
// or by killing and restarting the server. In every case: no page error, the wheel shows a
// verified version, and it reaches the latest version within one poll interval after the fault.
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveOfflineIndex, type OfflineVoucher, type SpinPlan } from '../src/core/index.ts';
import { runUntilWheelAttribute, waitForWheelAttribute, wheelAttribute } from './support/display-page.ts';
import { openRealServerSuite, type RealServerSuite } from './support/real-server-suite.ts';
import {
  ONE_POLL_INTERVAL_MS,
  runUntilAttribute,
  runUntilOutboxEmpty,
  runUntilVersion,
  type OpenWheelOptions,
} from './support/wheel-harness.ts';

let suite: RealServerSuite;

const admin = (method: string, path: string, body?: unknown) => suite.harness.admin(method, path, body);
const publishNext = () => suite.harness.publishNext();
const openWheel = (options?: OpenWheelOptions) => suite.harness.openWheel(options);

/**
 * The first offline voucher the page keeps in IndexedDB for `version` (the page asks the server for
 * them once it knows its rights; real time, like expect.poll, since that is a request's answer).
 */
async function heldVoucher(page: Page, version: number): Promise<OfflineVoucher> {
  const read = () =>
    page.evaluate(
      () =>
        new Promise<unknown>((resolve) => {
          const open = indexedDB.open('prizewheel-display');
          open.onerror = () => resolve(null);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('vouchers')) return resolve(null);
            const get = db.transaction('vouchers').objectStore('vouchers').get('default');
            get.onsuccess = () => resolve(get.result ?? null);
            get.onerror = () => resolve(null);
          };
        }),
    );
  let found: OfflineVoucher | undefined;
  await expect
    .poll(
      async () => {
        const row = (await read()) as { vouchers?: OfflineVoucher[] } | null;
        found = row?.vouchers?.find((voucher) => voucher.version === version);
        return found !== undefined;
      },
      { timeout: 10_000 },
    )
    .toBe(true);
  return found!;
}

async function draws(): Promise<Array<{ id: string; mode: string; ticket: string }>> {
  return ((await (await admin('GET', '/api/admin/wheels/default/draws')).json()) as { draws: [] }).draws;
}

/** The wheel shows a version whose snapshot verifies (the page checked it; the server agrees). */
async function expectVerifiedVersionShown(page: Page): Promise<void> {
  const version = await wheelAttribute(page, 'data-version');
  expect(version).toMatch(/^\d+$/);
  const shownChecksum = await page.evaluate(() => window.__prizewheel?.state().wheel?.snapshot.checksum);
  const stored = await (await fetch(`${suite.server.url}/api/wheels/default/snapshots/${version}`)).json();
  expect(shownChecksum).toBe((stored as { checksum: string }).checksum);
}

beforeAll(async () => {
  suite = await openRealServerSuite('prizewheel-resilience-');
});

afterAll(async () => {
  await suite?.close();
});

type Fault = 'delay' | 'abort' | 'error-500' | 'truncated' | 'bad-checksum';

/** Injects one fault into every snapshot request (poll and versions) in front of the real suite.server. */
async function injectFault(page: Page, fault: Fault): Promise<() => Promise<void>> {
  const handler = async (route: Route): Promise<void> => {
    switch (fault) {
      case 'delay':
        // Longer than the page's 5 s timeout; the page clock is paused, so its timer fires first.
        return void (await route.abort('timedout').catch(() => undefined));
      case 'abort':
        return route.abort('connectionreset');
      case 'error-500':
        return route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{}}' });
      case 'truncated': {
        const response = await route.fetch();
        const text = await response.text();
        if (response.status() !== 200) return route.fulfill({ response });
        return route.fulfill({ response, body: text.slice(0, Math.floor(text.length / 2)) });
      }
      case 'bad-checksum': {
        const response = await route.fetch();
        if (response.status() !== 200) return route.fulfill({ response });
        const snapshot = (await response.json()) as { entries: Array<{ name: string }> };
        if (snapshot.entries[0]) snapshot.entries[0].name = 'Tampered';
        return route.fulfill({ response, json: snapshot });
      }
    }
  };
  const pattern = /\/api\/wheels\/default\/snapshots?(\/|\?|$)/;
  await page.route(pattern, handler);
  return () => page.unroute(pattern, handler);
}

describe('faults in front of the real server', () => {
  it('keeps a verified wheel through delays, aborts, 500s, truncated JSON and bad checksums', async () => {
    const { context, page, pageErrors } = await openWheel();
    for (const fault of ['delay', 'abort', 'error-500', 'truncated', 'bad-checksum'] as const) {
      const before = await wheelAttribute(page, 'data-version');
      const clear = await injectFault(page, fault);
      const latest = await publishNext();
      await runUntilAttribute(page, 'data-connection', 'offline', 3 * ONE_POLL_INTERVAL_MS);
      expect(await wheelAttribute(page, 'data-version'), fault).toBe(before);
      expect(await page.locator('#connection-badge').isVisible()).toBe(true);
      await expectVerifiedVersionShown(page);
      await clear();
      // Backoff after one or two failures is at most 10 s × 1.2; then one poll.
      await runUntilVersion(page, latest, 12_000 + ONE_POLL_INTERVAL_MS);
      await expectVerifiedVersionShown(page);
      expect(await wheelAttribute(page, 'data-connection')).toBe('online');
    }
    expect(await page.evaluate(() => window.__prizewheel?.damagedSnapshots)).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('survives the server being killed and restarted, and the browser offline for 10 minutes', async () => {
    const { context, page, pageErrors } = await openWheel();
    const shown = await wheelAttribute(page, 'data-version');
    await suite.server.stop();
    await runUntilAttribute(page, 'data-connection', 'offline', 3 * ONE_POLL_INTERVAL_MS);
    expect(await wheelAttribute(page, 'data-version')).toBe(shown);
    await suite.restart();
    const latest = await publishNext();
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await runUntilVersion(page, latest, 2 * ONE_POLL_INTERVAL_MS);

    await context.setOffline(true);
    const whileOffline = await publishNext();
    // fastForward jumps (due timers fire once) instead of rendering 36,000 frames.
    for (let minute = 0; minute < 10; minute++) {
      await page.clock.fastForward(60_000);
      expect(await wheelAttribute(page, 'data-state')).toBe('idle');
    }
    expect(await wheelAttribute(page, 'data-connection')).toBe('offline');
    expect(await wheelAttribute(page, 'data-version')).toBe(String(latest));
    await context.setOffline(false); // fires `online`: the page retries at once
    await runUntilVersion(page, whileOffline, ONE_POLL_INTERVAL_MS);
    await expectVerifiedVersionShown(page);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('starts from its IndexedDB cache while the server is unreachable, then catches up', async () => {
    const { context, page, pageErrors } = await openWheel();
    const cached = await wheelAttribute(page, 'data-version');
    const pattern = /\/api\//;
    await page.route(pattern, (route) => route.abort('connectionrefused'));
    const latest = await publishNext();
    await page.reload();
    await waitForWheelAttribute(page, 'data-connection', 'offline');
    await waitForWheelAttribute(page, 'data-version', cached!);
    expect(await wheelAttribute(page, 'data-state')).toBe('idle');
    await page.unroute(pattern);
    await page.clock.pauseAt(Date.now() + 1_000);
    await runUntilVersion(page, latest, 12_000 + ONE_POLL_INTERVAL_MS);
    expect(pageErrors).toEqual([]);

    // A browser with no cache: a calm "waiting for the list" screen, then the list.
    const fresh = await suite.browser.newContext();
    const freshPage = await fresh.newPage();
    await freshPage.route(pattern, (route) => route.abort('connectionrefused'));
    await freshPage.goto(`${suite.server.url}/wheel/default`);
    await waitForWheelAttribute(freshPage, 'data-state', 'empty');
    expect(await freshPage.locator('#status').textContent()).toContain('Waiting for the list');
    await freshPage.unroute(pattern);
    await freshPage.evaluate(() => window.dispatchEvent(new Event('online')));
    await waitForWheelAttribute(freshPage, 'data-version', String(latest));
    await fresh.close();
    await context.close();
  });
});

describe('spins when the server misbehaves', () => {
  // Issue 4.4: each check of checkSpinPlan that a server's plan can fail on its way to the screen.
  const tamperedPlans: Array<{ problem: string; tamper: (plan: SpinPlan) => SpinPlan }> = [
    {
      problem: 'index_out_of_range',
      tamper: (plan) => ({ ...plan, targetIndex: plan.targetIndex + 10_000 }),
    },
    // A version that does not exist: the page looks for it, cannot show it, and refuses the plan.
    { problem: 'version_mismatch', tamper: (plan) => ({ ...plan, version: plan.version + 1 }) },
    // An end rotation outside the winner's slice (a landing fraction past its far edge).
    { problem: 'bad_shape', tamper: (plan) => ({ ...plan, landingFraction: 1.25 }) },
  ];

  it.each(tamperedPlans)(
    'shows the recorded winner as text on a plan with $problem, and never draws a winner of its own',
    async ({ problem, tamper }) => {
      // The bad plan comes in the POST's answer; the event stream (the real plan) is kept away.
      const { context, page, pageErrors } = await openWheel({ presenter: true, withoutEvents: true });
      const spinsPattern = /\/api\/wheels\/default\/spins$/;
      const recorded: SpinPlan[] = [];
      await page.route(spinsPattern, async (route) => {
        const response = await route.fetch();
        const plan = (await response.json()) as SpinPlan;
        recorded.push(plan);
        return route.fulfill({ response, json: tamper(plan) });
      });
      // A screen that opens while the previous case's spin is still turning joins it (as it
      // should); let that spin land before asking for a new one.
      await runUntilWheelAttribute(page, 'data-state', 'idle', 20_000);
      const drawsBefore = (await draws()).length;
      await page.evaluate(() => void window.__prizewheel?.spin());
      // Page time as well as real time: the page may need its timers (a request's timeout, a retry
      // of the version the plan names) before it can judge the plan.
      await runUntilWheelAttribute(page, 'data-plan-problem', problem, 20_000);
      const [plan] = recorded;
      expect(await wheelAttribute(page, 'data-state')).toBe('idle');
      expect(await wheelAttribute(page, 'data-last-spin-id')).toBe(plan!.id);
      expect(await wheelAttribute(page, 'data-last-winner')).toBe(plan!.ticket);
      expect(await page.locator('#reveal-name').textContent()).toBe(plan!.name);
      expect(await page.evaluate(() => window.__prizewheel?.outboxSize)).toBe(0);
      // The server holds its one recorded draw, and no second winner from the display.
      const after = await draws();
      expect(after).toHaveLength(drawsBefore + 1);
      expect(after.find((draw) => draw.id === plan!.id)).toMatchObject({ ticket: plan!.ticket });
      expect(after.filter((draw) => draw.mode === 'fallback')).toEqual([]);
      // The screen showed the winner without turning, so no landing is reported and the server would
      // hold the wheel until the plan's end plus its margin (real time): report it for the next case.
      const landed = await admin('POST', `/api/wheels/default/spins/${plan!.id}/landed`, {
        landedIndex: plan!.targetIndex,
        durationMs: 0,
      });
      expect(landed.status).toBe(204);
      await page.unroute(spinsPattern);
      expect(pageErrors).toEqual([]);
      await context.close();
    },
  );

  it("draws offline from a voucher while the server is down, and the restarted server records the voucher's winner", async () => {
    const { context, page, pageErrors } = await openWheel({ presenter: true });
    // As above: a spin still turning from the case before is joined first; let it land.
    await runUntilWheelAttribute(page, 'data-state', 'idle', 20_000);
    const version = Number(await wheelAttribute(page, 'data-version'));
    const voucher = await heldVoucher(page, version);
    const snapshot = (await (
      await fetch(`${suite.server.url}/api/wheels/default/snapshots/${version}`)
    ).json()) as { checksum: string; entries: Array<{ ticket: string; weight: number }> };
    const derived =
      snapshot.entries[
        deriveOfflineIndex(
          voucher.seed,
          snapshot.checksum,
          snapshot.entries.map((entry) => entry.weight),
        )
      ]!.ticket;

    await suite.kill();
    try {
      await page.evaluate(() => void window.__prizewheel?.spin());
      await runUntilAttribute(page, 'data-state', 'spinning', 3_000);
      await runUntilAttribute(page, 'data-state', 'idle', 15_000);
      expect(await wheelAttribute(page, 'data-last-draw-mode')).toBe('offline');
      expect(await wheelAttribute(page, 'data-last-winner')).toBe(derived);
      expect(await page.evaluate(() => window.__prizewheel?.outboxSize)).toBe(1);
    } finally {
      await suite.restart();
    }
    const localId = await wheelAttribute(page, 'data-last-spin-id');
    // The next good poll empties the outbox.
    await runUntilOutboxEmpty(page, 60_000);
    await expect
      .poll(async () => (await draws()).find((d) => d.id === localId), { timeout: 10_000 })
      .toMatchObject({ mode: 'offline', ticket: derived });
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});

describe('the offline-spin setting', () => {
  it('set to refuse in the wheel settings: an open presenter screen learns it without a reload, says so on screen and draws nothing', async () => {
    const { context, page, pageErrors } = await openWheel({ presenter: true });
    await waitForWheelAttribute(page, 'data-offline-spins', 'allow');
    await waitForWheelAttribute(page, 'data-events', 'open');
    try {
      const set = await admin('PUT', '/api/admin/wheels/default/appearance', { offlineSpins: 'refuse' });
      expect(set.status).toBe(200);
      await waitForWheelAttribute(page, 'data-offline-spins', 'refuse'); // pushed, no reload
      const drawsBefore = (await draws()).length;
      const lastSpinId = await wheelAttribute(page, 'data-last-spin-id');
      const pattern = /\/api\/wheels\/default\/(spins|offline-draws)/;
      await page.route(pattern, (route) => route.abort('connectionrefused'));
      await page.evaluate(() => void window.__prizewheel?.spin());
      // The request is tried again after a second of page time, then the screen says so.
      const status = page.locator('#status');
      for (let step = 0; step < 10 && !/paused/.test((await status.textContent()) ?? ''); step++) {
        await page.clock.runFor(500);
      }
      expect(await status.textContent()).toContain('spins are paused until it is back');
      expect(await wheelAttribute(page, 'data-state')).toBe('idle');
      expect(await wheelAttribute(page, 'data-last-spin-id')).toBe(lastSpinId);
      expect(await page.evaluate(() => window.__prizewheel?.localDraws)).toBe(0);
      expect(await page.evaluate(() => window.__prizewheel?.outboxSize)).toBe(0);
      await page.unroute(pattern);
      expect((await draws()).length).toBe(drawsBefore);
      expect(pageErrors).toEqual([]);
    } finally {
      await admin('PUT', '/api/admin/wheels/default/appearance', { offlineSpins: 'allow' });
      await context.close();
    }
  });
});

describe('?offlineSpins= on a presenter link', () => {
  it('=allow does not loosen a wheel set to refuse: the screen says refuse and draws nothing', async () => {
    const set = await admin('PUT', '/api/admin/wheels/default/appearance', { offlineSpins: 'refuse' });
    expect(set.status).toBe(200);
    try {
      const { context, page, pageErrors } = await openWheel({
        presenter: true,
        query: '?offlineSpins=allow',
      });
      await waitForWheelAttribute(page, 'data-offline-spins', 'refuse');
      await runUntilWheelAttribute(page, 'data-state', 'idle', 20_000);
      const drawsBefore = (await draws()).length;
      const pattern = /\/api\/wheels\/default\/(spins|offline-draws)/;
      await page.route(pattern, (route) => route.abort('connectionrefused'));
      await page.evaluate(() => void window.__prizewheel?.spin());
      const status = page.locator('#status');
      for (let step = 0; step < 10 && !/paused/.test((await status.textContent()) ?? ''); step++) {
        await page.clock.runFor(500);
      }
      expect(await status.textContent()).toContain('spins are paused until it is back');
      expect(await page.evaluate(() => window.__prizewheel?.localDraws)).toBe(0);
      expect(await page.evaluate(() => window.__prizewheel?.outboxSize)).toBe(0);
      await page.unroute(pattern);
      expect((await draws()).length).toBe(drawsBefore);
      expect(pageErrors).toEqual([]);
      await context.close();
    } finally {
      await admin('PUT', '/api/admin/wheels/default/appearance', { offlineSpins: 'allow' });
    }
  });
});

describe('several screens', () => {
  it('a screen that joins mid-spin starts where the others are, lands on the winner and reports in', async () => {
    const started = await admin('POST', '/api/wheels/default/spins', {
      version: Number(
        (await (await fetch(`${suite.server.url}/api/wheels/default/snapshot`)).json()).version,
      ),
    });
    expect(started.status).toBe(201);
    const plan = (await started.json()) as { id: string; ticket: string; durationMs: number };
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const pageErrors: Error[] = [];
    page.on('pageerror', (error) => pageErrors.push(error));
    await page.clock.install();
    await page.goto(`${suite.server.url}/wheel/default`);
    await waitForWheelAttribute(page, 'data-state', 'spinning');
    await page.clock.pauseAt(Date.now() + 1_000);
    // Started in the past: the server's elapsed time since the spin began (no client clock involved).
    const lagMs = await page.evaluate(() => {
      const spin = window.__prizewheel?.state().spin;
      return spin ? performance.now() - spin.startedAtMs : -1;
    });
    expect(lagMs).toBeGreaterThan(0);
    expect(lagMs).toBeLessThan(plan.durationMs);
    await runUntilAttribute(page, 'data-state', 'idle', plan.durationMs);
    expect(await wheelAttribute(page, 'data-last-winner')).toBe(plan.ticket);
    expect(await wheelAttribute(page, 'data-last-spin-id')).toBe(plan.id);

    // Its heartbeat is on the admin's Displays list.
    const displays = (await (await admin('GET', '/api/admin/displays')).json()) as {
      displays: Array<{ wheel: string; state: string; stale: boolean; userAgent: string }>;
    };
    expect(
      displays.displays.some((d) => d.wheel === 'default' && !d.stale && /Chrome/.test(d.userAgent)),
    ).toBe(true);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
