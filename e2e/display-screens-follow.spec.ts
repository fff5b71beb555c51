// Every screen shows every recorded spin, and the same winner; screens follow a restored server.
// Real Chromium against the real `prizewheel serve` process, driven with Playwright's clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot, SpinPlan } from '../src/core/index.ts';
import { runPrizewheel } from './support/cli.ts';
import { runUntilWheelAttribute, waitForWheelAttribute, wheelAttribute } from './support/display-page.ts';
import { openRealServerSuite, type RealServerSuite } from './support/real-server-suite.ts';
import { ONE_POLL_INTERVAL_MS, runUntilAttribute } from './support/wheel-harness.ts';

/** Real time the clock measurement waits: the version without the winner reaches the page first. */
const CLOCK_MEASUREMENT_DELAY_MS = 300;
const SPINS = 4;
/** A whole spin, the reveal, and a poll. */
const SPIN_AND_POLL_MS = 11_000 + 2_000 + ONE_POLL_INTERVAL_MS;

let suite: RealServerSuite;
const admin = (method: string, path: string, body?: unknown) => suite.harness.admin(method, path, body);

async function latestSnapshot(): Promise<Snapshot> {
  return (await (await fetch(`${suite.server.url}/api/wheels/default/snapshot`)).json()) as Snapshot;
}

async function shownChecksum(page: Page): Promise<string | undefined> {
  return page.evaluate(() => window.__prizewheel?.state().wheel?.snapshot.checksum);
}

beforeAll(async () => {
  suite = await openRealServerSuite('prizewheel-screens-');
});

afterAll(async () => {
  await suite?.close();
});

describe('a view-only screen with "Remove winners" on', () => {
  it('animates every spin on the version it names and keeps naming the winner until the next spin', async () => {
    const settings = await admin('PUT', '/api/admin/wheels/default/draft/settings', { removeWinners: true });
    expect(settings.status).toBe(200);
    const first = await suite.harness.publishNext();
    const { context, page, pageErrors } = await suite.harness.openWheel();
    await runUntilWheelAttribute(page, 'data-version', String(first), ONE_POLL_INTERVAL_MS);
    // The spin event names version N; the version without the winner (N + 1) is announced right
    // after it. Holding the page's clock measurement a moment lets N + 1 arrive before the spin starts.
    await page.route(/\/api\/wheels\/default\/spins\/current$/, async (route) => {
      await delay(CLOCK_MEASUREMENT_DELAY_MS);
      await route.continue();
    });
    let version = first;
    for (let spin = 0; spin < SPINS; spin++) {
      const answer = await admin('POST', '/api/wheels/default/spins', { version });
      expect(answer.status).toBeLessThan(300);
      const plan = (await answer.json()) as SpinPlan;
      expect(plan.version).toBe(version);
      await waitForWheelAttribute(page, 'data-state', 'spinning');
      await runUntilAttribute(page, 'data-state', 'idle', plan.durationMs + 2_000);
      expect(await wheelAttribute(page, 'data-last-spin-id')).toBe(plan.id);
      expect(await wheelAttribute(page, 'data-last-winner')).toBe(plan.ticket);
      expect(await wheelAttribute(page, 'data-plan-problem')).toBeNull();
      expect(await page.locator('#callout-name').textContent()).toBe(plan.name);
      const landed = await admin('POST', `/api/wheels/default/spins/${plan.id}/landed`, {
        landedIndex: plan.targetIndex,
        durationMs: plan.durationMs,
      });
      expect(landed.status).toBeLessThan(300);
      // The version without the winner goes on screen after the reveal; the winner stays named.
      version += 1;
      await runUntilWheelAttribute(page, 'data-version', String(version), ONE_POLL_INTERVAL_MS);
      expect(
        (await page.evaluate(() => window.__prizewheel?.state().wheel?.snapshot.entries))?.map(
          (e) => e.ticket,
        ),
      ).not.toContain(plan.ticket);
      expect(await page.locator('#callout-name').textContent()).toBe(plan.name);
      expect(await page.locator('#callout-ticket').textContent()).toBe(plan.ticket);
      expect(await page.locator('#reveal-name').textContent()).toBe(plan.name);
      expect(await wheelAttribute(page, 'data-last-winner')).toBe(plan.ticket);
    }
    expect(pageErrors).toEqual([]);
    await context.close();
    await admin('PUT', '/api/admin/wheels/default/draft/settings', { removeWinners: false });
  });
});

describe('a screen after `prizewheel restore`', () => {
  it('drops a version the server no longer has, or has with another checksum, and keeps it out of its cache', async () => {
    const backupDir = mkdtempSync(join(tmpdir(), 'prizewheel-screens-backup-'));
    const backupFile = join(backupDir, 'backup.db');
    const restore = async (): Promise<void> => {
      await suite.kill();
      await runPrizewheel(['restore', backupFile], suite.server.dataDir);
      await suite.restart();
    };
    try {
      const backedUp = await suite.harness.publishNext();
      await runPrizewheel(['backup', backupFile], suite.server.dataDir);
      await suite.harness.publishNext();
      const dropped = await suite.harness.publishNext();
      const { context, page, pageErrors } = await suite.harness.openWheel();
      // The page may first join the last spin of the test before (its version, then the latest).
      await runUntilWheelAttribute(page, 'data-version', String(dropped), SPIN_AND_POLL_MS);

      // The server answers a lower version than the screen holds.
      await restore();
      await runUntilWheelAttribute(page, 'data-version', String(backedUp), 2 * ONE_POLL_INTERVAL_MS);
      expect(await shownChecksum(page)).toBe((await latestSnapshot()).checksum);

      // The screen holds version N; after a restore the server's N is another list.
      const held = await suite.harness.publishNext();
      await runUntilWheelAttribute(page, 'data-version', String(held), ONE_POLL_INTERVAL_MS);
      const heldChecksum = await shownChecksum(page);
      await restore();
      expect(await suite.harness.publishNext()).toBe(held);
      const served = await latestSnapshot();
      expect(served.checksum).not.toBe(heldChecksum);
      await runUntilWheelAttribute(
        page,
        'data-entry-count',
        String(served.entries.length),
        2 * ONE_POLL_INTERVAL_MS,
      );
      expect(await wheelAttribute(page, 'data-version')).toBe(String(held));
      expect(await shownChecksum(page)).toBe(served.checksum);

      // An offline start shows what the server served, never the dropped lists.
      const pattern = /\/api\/wheels\/default\//;
      await page.route(pattern, (route) => route.abort('connectionrefused'));
      await page.reload();
      await waitForWheelAttribute(page, 'data-state', 'idle');
      expect(await wheelAttribute(page, 'data-version')).toBe(String(held));
      expect(await shownChecksum(page)).toBe(served.checksum);
      await page.unroute(pattern);
      expect(pageErrors).toEqual([]);
      await context.close();
    } finally {
      rmSync(backupDir, { recursive: true, force: true });
    }
  });
});
