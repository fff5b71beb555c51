import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildArcs, indexAt } from '../src/core/index.ts';
import { launchBrowser } from './support/browser.ts';
import {
  makeEntries,
  makeSnapshot,
  startDisplayTestServer,
  type DisplayTestServer,
} from './support/display-test-server.ts';
import { waitForWheelAttribute, wheelAttribute, wheelAttributes } from './support/display-page.ts';

describe('the wheel page /wheel/:slug', () => {
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

  async function openPaused(slug: string, query = '?key=presenter-key'): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => console.error('page error:', error));
    await page.clock.install();
    await page.goto(`${server.url}/wheel/${slug}${query}`);
    await waitForWheelAttribute(page, 'data-state', 'idle');
    await waitForWheelAttribute(page, 'data-can-spin', 'true');
    await page.clock.pauseAt(Date.now() + 1_000);
    return page;
  }

  it('spins a 3,000-entry wheel to the planned winner, several times in a row, exactly', async () => {
    const slug = 'three-thousand';
    const snapshot = makeSnapshot(slug, 1, makeEntries(3_000));
    server.publish(slug, snapshot);
    const page = await openPaused(slug);
    expect(await wheelAttribute(page, 'data-entry-count')).toBe('3000');
    expect(await wheelAttribute(page, 'data-version')).toBe('1');
    const arcs = buildArcs(snapshot.entries.map((e) => e.weight));

    for (let spin = 0; spin < 4; spin++) {
      const plansBefore = server.plans.length;
      await page.keyboard.press('Space');
      await waitForWheelAttribute(page, 'data-state', 'spinning');
      const plan = server.plans[plansBefore];
      expect(plan).toBeDefined();
      await page.clock.runFor(plan!.durationMs + 100);
      await waitForWheelAttribute(page, 'data-state', 'idle');
      const attributes = await wheelAttributes(page);
      expect(attributes['data-last-spin-id']).toBe(plan!.id);
      expect(attributes['data-last-winner']).toBe(plan!.ticket);
      expect(attributes['data-pointer-index']).toBe(String(plan!.targetIndex));
      expect(indexAt(arcs, Number(attributes['data-rotation']))).toBe(plan!.targetIndex);
      expect(await page.locator('#callout-ticket').textContent()).toBe(plan!.ticket);
      expect(await page.locator('#reveal-name').textContent()).toBe(plan!.name);
    }
    expect(server.landed.map((l) => l.spinId)).toEqual(server.plans.slice(-4).map((p) => p.id));
    for (const report of server.landed.slice(-4)) {
      const plan = server.plans.find((p) => p.id === report.spinId)!;
      expect(report.landedIndex).toBe(plan.targetIndex);
    }
    await page.close();
  });

  it('keeps a version that arrives mid-spin pending until after the landing', async () => {
    const slug = 'pending';
    server.publish(slug, makeSnapshot(slug, 1, makeEntries(200)));
    const page = await openPaused(slug);
    await page.keyboard.press('Space');
    await waitForWheelAttribute(page, 'data-state', 'spinning');
    const plan = server.plans.at(-1)!;
    server.publish(slug, makeSnapshot(slug, 2, makeEntries(150, 'Next')));
    await waitForWheelAttribute(page, 'data-pending-version', '2');
    expect(await wheelAttribute(page, 'data-version')).toBe('1');
    expect(await wheelAttribute(page, 'data-state')).toBe('spinning');
    await page.clock.runFor(plan.durationMs + 50);
    await waitForWheelAttribute(page, 'data-state', 'idle');
    expect(await wheelAttribute(page, 'data-last-winner')).toBe(plan.ticket);
    expect(await wheelAttribute(page, 'data-pointer-index')).toBe(String(plan.targetIndex));
    expect(await wheelAttribute(page, 'data-version')).toBe('1'); // still under the winner's reveal
    await page.clock.runFor(5_000);
    await waitForWheelAttribute(page, 'data-version', '2');
    expect(await wheelAttribute(page, 'data-pending-version')).toBe('');
    expect(await wheelAttribute(page, 'data-entry-count')).toBe('150');
    await page.close();
  });
});
