// Issue 5.10's seeded random fault schedule and a publish during a spin, in real Chromium against
// the real `prizewheel serve` process (helpers in support/wheel-harness.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededRandom, uniformInt } from '../src/core/index.ts';
import { launchBrowser } from './support/browser.ts';
import { waitForWheelAttribute, wheelAttribute } from './support/display-page.ts';
import { startServer, type RunningServer } from './support/server.ts';
import {
  ONE_POLL_INTERVAL_MS,
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

const FAULTS = ['delay', 'abort', 'error-500', 'truncated', 'bad-checksum', 'server-down'] as const;
/** Faults in the schedule, over one simulated hour: 18 s each (9 s on, 9 s off). */
const FAULT_COUNT = 200;
const FAULT_SPAN_MS = 9_000;
/** The longest backoff (60 s × 1.2 jitter) plus one poll: the wait after the last fault. */
const RECOVERY_LIMIT_MS = 72_000 + ONE_POLL_INTERVAL_MS;

describe('a seeded random schedule of faults', () => {
  it(`keeps a verified wheel through ${FAULT_COUNT} faults over a simulated hour`, async () => {
    const { context, page, pageErrors } = await openWheel();
    const random = createSeededRandom(20261128);
    let fault: (typeof FAULTS)[number] | null = null;
    const tried = new Map<string, number>();
    const pattern = /\/api\/wheels\/default\//;
    await page.route(pattern, async (route) => {
      const current = fault;
      try {
        if (current === null) return await route.continue();
        if (current === 'server-down' || current === 'abort') return await route.abort('connectionrefused');
        if (current === 'delay') return await route.abort('timedout');
        if (current === 'error-500') return await route.fulfill({ status: 500, body: '{"error":{}}' });
        const response = await route.fetch();
        if (response.status() !== 200 || !route.request().url().includes('/snapshot'))
          return await route.fulfill({ response });
        const text = await response.text();
        if (current === 'truncated')
          return await route.fulfill({ response, body: text.slice(0, text.length >> 1) });
        return await route.fulfill({ response, body: text.replace('"name":"', '"name":"X') });
      } catch {
        // the page went away or the request was abandoned: nothing to answer
      }
    });
    const checksums = new Map<string, string>();
    const checksumOf = async (version: string): Promise<string> => {
      if (!checksums.has(version)) {
        const stored = await (await fetch(`${server.url}/api/wheels/default/snapshots/${version}`)).json();
        checksums.set(version, (stored as { checksum: string }).checksum);
      }
      return checksums.get(version)!;
    };
    let latest = Number(await wheelAttribute(page, 'data-version'));
    for (let i = 0; i < FAULT_COUNT; i++) {
      fault = FAULTS[uniformInt(random, FAULTS.length)]!;
      tried.set(fault, (tried.get(fault) ?? 0) + 1);
      if (uniformInt(random, 10) === 0) latest = await publishNext(); // a publish under the fault
      // fastForward: due timers fire once, no 500 rendered frames per step.
      await page.clock.fastForward(FAULT_SPAN_MS);
      fault = null;
      await page.clock.fastForward(FAULT_SPAN_MS);
      const shown = await page.evaluate(() => {
        const wheel = window.__prizewheel?.state().wheel;
        return wheel ? { version: String(wheel.version), checksum: wheel.snapshot.checksum } : null;
      });
      expect(shown, `after fault ${i}`).not.toBeNull();
      expect(shown!.checksum).toBe(await checksumOf(shown!.version));
    }
    latest = await publishNext();
    await runUntilVersion(page, latest, RECOVERY_LIMIT_MS);
    expect(await wheelAttribute(page, 'data-connection')).toBe('online');
    expect(pageErrors).toEqual([]);
    console.log('faults tried', Object.fromEntries(tried));
    expect([...tried.values()].reduce((a, b) => a + b, 0)).toBe(FAULT_COUNT);
    await context.close();
  });
});

describe('a publish during a spin', () => {
  it('keeps the new version pending until the spin has landed, then applies it', async () => {
    const { context, page, pageErrors } = await openWheel({ presenter: true });
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
