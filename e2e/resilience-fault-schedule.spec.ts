// Issue 5.10's seeded random fault schedule and a publish during a spin, in real Chromium against
// the real `prizewheel serve` process (helpers in support/wheel-harness.ts). Page time is Playwright's
// clock; a request the page sends gets real time to be answered (the clock waits for it), so the only
// time limits are in page time.
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page, Request, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededRandom, uniformInt, uniformIntBetween } from '../src/core/index.ts';
import { launchBrowser } from './support/browser.ts';
import { waitForWheelAttribute, wheelAttribute } from './support/display-page.ts';
import { startServer, type RunningServer } from './support/server.ts';
import {
  createWheelHarness,
  runUntilAttribute,
  runUntilVersion,
  type OpenWheelOptions,
  type WheelHarness,
} from './support/wheel-harness.ts';

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let harness: WheelHarness;

const publishNext = () => harness.publishNext();
const openWheel = (options?: OpenWheelOptions) => harness.openWheel(options);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'prizewheel-fault-schedule-'));
  [server, browser] = await Promise.all([startServer({ DATA_DIR: dataDir }), launchBrowser()]);
  harness = await createWheelHarness(browser, () => server.url, server.adminPassword);
  await publishNext();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const FAULT_KINDS = [
  'delay', // requests held longer than the page's 5 s timeout, then let through (a late answer)
  'abort', // connection reset
  'error-500',
  'truncated', // snapshot bodies cut in half
  'bad-checksum', // snapshot bodies altered after they were checksummed
  'offline', // context.setOffline: the browser knows
  // The server away: every 5th time the real process is killed (SIGKILL) and restarted on its port;
  // otherwise (a restart costs seconds of real time) every request to it is refused.
  'server-down',
  'spin-publish', // a publish while the wheel turns: pending until it has landed
] as const;
type FaultKind = (typeof FAULT_KINDS)[number];

const SCHEDULE_SEED = 20261128;
/** 8 kinds × 25 = 200 faults, in a seeded random order. */
const FAULTS_PER_KIND = 25;
/** Each fault lasts this long in page time (longer than the page's 5 s request timeout)… */
const FAULT_MIN_MS = 10_000;
const FAULT_MAX_MS = 12_000;
/** …inside a slot of this much page time: 200 slots are one simulated hour. */
const FAULT_SLOT_MS = 18_000;
const SIMULATED_HOUR_MS = 3_600_000;
/** The poll interval (POLL_INTERVAL_MS): the page time a screen gets to show the latest version after a fault. */
const POLL_INTERVAL_MS = 5_000;
/** Page time moves in steps shorter than a request timeout; the page's requests settle in between (counted in the page). */
const STEP_MS = 4_000;
/** Which server-down faults kill the real process (the others refuse every request). */
const REAL_KILL_EVERY = 5;
/** Real time for answers while the page clock stands still (liveness only: page time does not move). */
const ANSWER_WAIT_MS = 20_000;
/** A stream closed by an error reopens after at most 60 s (× jitter) of page time. */
const EVENTS_REOPEN_LIMIT_MS = 75_000;

declare global {
  interface Window {
    /** Requests the page has started and not yet received in full (installed by countPageRequests). */
    __faultsPendingRequests?: number;
    __faultsOnRequestDone?: Array<() => void>;
  }
}

/**
 * Runs in the page before its scripts: counts its fetches from the call until the body has arrived.
 * Counted in the page, so a request is known from the moment it is made, before the browser sends it.
 */
function countPageRequests(): void {
  const originalFetch = window.fetch.bind(window);
  window.__faultsPendingRequests = 0;
  window.__faultsOnRequestDone = [];
  const done = (): void => {
    window.__faultsPendingRequests! -= 1;
    for (const wake of window.__faultsOnRequestDone!.splice(0)) wake();
  };
  window.fetch = (input, init) => {
    window.__faultsPendingRequests! += 1;
    const answer = originalFetch(input, init);
    answer.then((response) => response.clone().arrayBuffer()).then(done, done);
    return answer;
  };
}

/** Yields a few real tasks in the page (MessageChannel is not faked by the clock): answers just received get handled. */
function yieldPageTasks(): Promise<void> {
  return new Promise<void>((resolve) => {
    let rounds = 10;
    const channel = new MessageChannel();
    channel.port1.onmessage = () => (--rounds === 0 ? resolve() : channel.port2.postMessage(null));
    channel.port2.postMessage(null);
  });
}

/**
 * Page time only moves when none of the page's requests is in flight except those a fault holds on
 * purpose: otherwise a busy machine would time a healthy request out.
 */
function trackRequests(page: Page) {
  const held = new Set<Request>();
  let wake: (() => void) | null = null;
  const release = (request: Request) => {
    if (held.delete(request)) wake?.();
  };
  page.on('requestfinished', release);
  page.on('requestfailed', release);
  const pendingInPage = () => page.evaluate(() => window.__faultsPendingRequests ?? 0);

  return {
    hold(request: Request) {
      held.add(request);
      wake?.();
    },
    release,
    /** Resolves when every request the page made has been answered (or is held) and the page has handled it. */
    async settle(): Promise<void> {
      const deadlineMs = Date.now() + ANSWER_WAIT_MS;
      for (;;) {
        if ((await pendingInPage()) <= held.size) {
          await page.evaluate(yieldPageTasks);
          if ((await pendingInPage()) <= held.size) return;
          continue;
        }
        const leftMs = deadlineMs - Date.now();
        if (leftMs <= 0) throw new Error(`page requests unanswered after ${ANSWER_WAIT_MS} ms`);
        const heldChanged = new Promise<void>((resolve) => (wake = resolve));
        // Resolves at once when the requests were answered meanwhile, else on the next answer.
        const answered = page.evaluate(
          (heldCount) =>
            new Promise<void>((resolve) => {
              if ((window.__faultsPendingRequests ?? 0) <= heldCount) resolve();
              else window.__faultsOnRequestDone!.push(resolve);
            }),
          held.size,
        );
        await Promise.race([answered, heldChanged, once(AbortSignal.timeout(leftMs), 'abort')]);
        wake = null;
      }
    },
  };
}

/** The faults in a seeded random order, each kind FAULTS_PER_KIND times. */
function buildSchedule(seed: number): Array<{ kind: FaultKind; durationMs: number }> {
  const random = createSeededRandom(seed);
  const kinds: FaultKind[] = FAULT_KINDS.flatMap((kind) => Array<FaultKind>(FAULTS_PER_KIND).fill(kind));
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = uniformInt(random, i + 1);
    [kinds[i], kinds[j]] = [kinds[j]!, kinds[i]!];
  }
  return kinds.map((kind) => ({ kind, durationMs: uniformIntBetween(random, FAULT_MIN_MS, FAULT_MAX_MS) }));
}

describe('a seeded random schedule of faults', () => {
  it(`keeps a verified wheel through ${FAULT_KINDS.length * FAULTS_PER_KIND} faults over a simulated hour, on the latest version one poll interval after each`, async () => {
    const startedAtMs = Date.now();
    const { context, page, pageErrors } = await openWheel({
      presenter: true,
      beforeNavigate: (page) => page.addInitScript(countPageRequests),
    });
    const requests = trackRequests(page);
    const schedule = buildSchedule(SCHEDULE_SEED);
    const tried = new Map<FaultKind, number>();
    let pageTimeMs = 0;
    let restarts = 0;
    let serverDowns = 0;

    // Every published version's checksum, as the server stored it.
    const published = new Map<number, string>();
    const recordPublished = async (version: number): Promise<number> => {
      const stored = await (await fetch(`${server.url}/api/wheels/default/snapshots/${version}`)).json();
      published.set(version, (stored as { checksum: string }).checksum);
      return version;
    };
    let latest = await recordPublished(Number(await wheelAttribute(page, 'data-version')));
    const publishAndRecord = async () => (latest = await recordPublished(await publishNext()));

    let fault: FaultKind | null = null;
    const releaseHeld: Array<() => void> = [];
    const snapshotUrl = /\/api\/wheels\/default\/snapshots?(\/|\?|$)/;
    await page.route(/\/api\/wheels\/default\//, async (route: Route) => {
      const request = route.request();
      try {
        if (fault === 'delay') {
          requests.hold(request);
          await new Promise<void>((resolve) => releaseHeld.push(resolve));
          requests.release(request);
          return await route.continue();
        }
        if (fault === 'abort') return await route.abort('connectionreset');
        if (fault === 'server-down') return await route.abort('connectionrefused');
        if (fault === 'error-500')
          return await route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{}}' });
        if ((fault === 'truncated' || fault === 'bad-checksum') && snapshotUrl.test(request.url())) {
          const response = await route.fetch();
          if (response.status() !== 200 || request.method() !== 'GET')
            return await route.fulfill({ response });
          const text = await response.text();
          if (fault === 'truncated')
            return await route.fulfill({ response, body: text.slice(0, Math.floor(text.length / 2)) });
          const snapshot = JSON.parse(text) as { entries: Array<{ name: string }> };
          snapshot.entries[0]!.name = 'Tampered';
          return await route.fulfill({ response, json: snapshot });
        }
        return await route.continue();
      } catch {
        // The page gave up on the request (its timeout) or the server is down: nothing to answer.
      }
    });

    const advance = async (ms: number): Promise<void> => {
      for (let spentMs = 0; spentMs < ms; spentMs += STEP_MS) {
        await page.clock.fastForward(Math.min(STEP_MS, ms - spentMs)); // due timers fire once: no frame storm
        await requests.settle();
      }
      pageTimeMs += ms;
    };

    /** Zero page errors, and the wheel shows a version whose checksum is the one the server published. */
    const expectVerifiedWheel = async (label: string) => {
      expect(pageErrors, label).toEqual([]);
      const shown = await page.evaluate(() => {
        const wheel = window.__prizewheel?.state().wheel;
        const element = document.querySelector('[data-testid="wheel"]');
        return {
          version: wheel?.version ?? null,
          checksum: wheel?.snapshot.checksum ?? null,
          versionAttribute: element?.getAttribute('data-version') ?? null,
          pendingAttribute: element?.getAttribute('data-pending-version') ?? null,
          stateAttribute: element?.getAttribute('data-state') ?? null,
          connectionAttribute: element?.getAttribute('data-connection') ?? null,
        };
      });
      expect(shown.version, label).not.toBeNull();
      expect(shown.checksum, label).toBe(published.get(shown.version!));
      expect(shown.versionAttribute, label).toBe(String(shown.version));
      return shown;
    };

    /** One poll interval of page time after the fault ended, then the latest version must be on screen. */
    const expectLatestWithinOnePoll = async (label: string): Promise<void> => {
      await advance(POLL_INTERVAL_MS);
      await waitForWheelAttribute(page, 'data-version', String(latest), ANSWER_WAIT_MS).catch(async () => {
        const shown = await wheelAttribute(page, 'data-version');
        throw new Error(`${label}: version ${shown} on screen, not ${latest}, ${POLL_INTERVAL_MS} ms after`);
      });
      expect((await expectVerifiedWheel(label)).connectionAttribute, label).toBe('online');
    };

    /** A publish during a spin waits in the pending slot and is applied only after the landing. */
    const runSpinWithPublish = async (label: string): Promise<number> => {
      let spentMs = 0;
      // The pending version comes by push (the wheel does not poll while it turns): a stream an earlier
      // fault closed must be open again first (real time for the browser's own reconnect, then page time).
      while ((await wheelAttribute(page, 'data-events')) !== 'open') {
        const opened = await waitForWheelAttribute(page, 'data-events', 'open', 2_000).then(
          () => true,
          () => false,
        );
        if (opened) break;
        if (spentMs >= EVENTS_REOPEN_LIMIT_MS) throw new Error(`${label}: event stream still closed`);
        await advance(STEP_MS);
        spentMs += STEP_MS;
      }
      const before = (await expectVerifiedWheel(label)).versionAttribute;
      await page.evaluate(() => void window.__prizewheel?.spin());
      await waitForWheelAttribute(page, 'data-state', 'spinning', ANSWER_WAIT_MS);
      const plan = await page.evaluate(() => window.__prizewheel?.state().spin?.plan);
      expect(plan, label).toBeDefined();
      await publishAndRecord();
      await waitForWheelAttribute(page, 'data-pending-version', String(latest), ANSWER_WAIT_MS);
      for (;;) {
        const shown = await expectVerifiedWheel(`${label}: during the spin`);
        if (shown.stateAttribute !== 'spinning') break;
        if (spentMs > plan!.durationMs + EVENTS_REOPEN_LIMIT_MS)
          throw new Error(`${label}: spin never landed`);
        expect(shown.versionAttribute, `${label}: during the spin`).toBe(before);
        expect(shown.pendingAttribute, `${label}: during the spin`).toBe(String(latest));
        await advance(STEP_MS);
        spentMs += STEP_MS;
      }
      expect(await wheelAttribute(page, 'data-last-spin-id'), label).toBe(plan!.id);
      expect(await wheelAttribute(page, 'data-last-winner'), label).toBe(plan!.ticket);
      return spentMs;
    };

    for (const [index, { kind, durationMs }] of schedule.entries()) {
      const label = `fault ${index} (${kind})`;
      tried.set(kind, (tried.get(kind) ?? 0) + 1);
      let faultMs = durationMs;
      const killsServer = kind === 'server-down' && serverDowns++ % REAL_KILL_EVERY === 0;
      if (kind === 'spin-publish') {
        faultMs = await runSpinWithPublish(label); // the fault ends when the wheel has landed
      } else {
        if (kind === 'offline') await context.setOffline(true);
        else if (killsServer) {
          const exited = once(server.process, 'exit');
          server.process.kill('SIGKILL');
          await exited;
        } else fault = kind;
        if (!killsServer) await publishAndRecord(); // pushed or polled, into the fault
        await advance(durationMs);
        await expectVerifiedWheel(`${label}: at its end`);
        if (kind === 'offline')
          await context.setOffline(false); // fires `online`
        else if (killsServer) {
          server = await startServer({ DATA_DIR: dataDir, PORT: String(server.port) });
          restarts += 1;
          await publishAndRecord();
        } else {
          fault = null;
          for (const release of releaseHeld.splice(0)) release(); // the late answers
        }
        await requests.settle();
      }
      await expectLatestWithinOnePoll(label);
      await advance(Math.max(STEP_MS, FAULT_SLOT_MS - faultMs - POLL_INTERVAL_MS));
    }
    expect(pageErrors).toEqual([]);
    const wallSeconds = Math.round((Date.now() - startedAtMs) / 1_000);
    console.log(
      `fault schedule seed ${SCHEDULE_SEED}: ${schedule.length} faults`,
      Object.fromEntries(tried),
      `${Math.round(pageTimeMs / 1_000)} s of page time, ${restarts} of the server-down faults real kills,`,
      `${latest} versions, ${await page.evaluate(() => window.__prizewheel?.damagedSnapshots)} damaged versions refused,`,
      `${wallSeconds} s wall`,
    );
    expect(schedule.length).toBeGreaterThanOrEqual(200);
    expect(pageTimeMs).toBeGreaterThanOrEqual(SIMULATED_HOUR_MS);
    await context.close();
  });
});

describe('a publish during a spin', () => {
  it('keeps the new version pending until the spin has landed, then applies it', async () => {
    const { context, page, pageErrors } = await openWheel({ presenter: true });
    // The server's spins last real time: a screen opened just after the schedule's last spin joins it
    // (on that spin's version) and applies the newer one after the landing.
    await runUntilAttribute(page, 'data-pending-version', '', 20_000);
    await runUntilAttribute(page, 'data-state', 'idle', 5_000);
    const before = await wheelAttribute(page, 'data-version');
    await page.evaluate(() => void window.__prizewheel?.spin());
    await waitForWheelAttribute(page, 'data-state', 'spinning');
    const next = await publishNext();
    await waitForWheelAttribute(page, 'data-pending-version', String(next)); // pushed by the event stream
    for (let step = 0; step < 10; step++) {
      await page.clock.runFor(1_000);
      if ((await wheelAttribute(page, 'data-state')) !== 'spinning') break;
      expect(await wheelAttribute(page, 'data-version')).toBe(before);
    }
    await runUntilAttribute(page, 'data-state', 'idle', 5_000);
    await runUntilVersion(page, next, 5_000); // applied under the reveal, at most 5 s after landing
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
