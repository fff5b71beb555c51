import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildArcs, indexAt, type Snapshot } from '../src/core/index.ts';
import type { EffectsStats } from '../src/display/effects/presentation-effects.ts';
import { MIN_TICK_INTERVAL_MS } from '../src/display/effects/ticks.ts';
import { CURSOR_IDLE_HIDE_MS } from '../src/display/effects/kiosk-cursor.ts';
import { launchBrowser } from './support/browser.ts';
import {
  makeEntries,
  makeSnapshot,
  startDisplayTestServer,
  type DisplayTestServer,
} from './support/display-test-server.ts';
import {
  openWheelPage,
  waitForWheelAttribute,
  wheelAttribute,
  wheelAttributes,
} from './support/display-page.ts';

const PLAN_SHAPE = { rotations: 7, landingFraction: 0.4, durationMs: 11_000 };

async function effectsOf(page: Page): Promise<EffectsStats> {
  return page.evaluate(() => JSON.parse(JSON.stringify(window.__prizewheel!.effects)) as EffectsStats);
}

describe('the wheel page effects: sounds, mute, kiosk cursor, reduced motion', () => {
  let browser: Browser;
  let server: DisplayTestServer;
  let snapshot: Snapshot;
  const slug = 'effects';

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startDisplayTestServer({ seed: 11 });
    snapshot = makeSnapshot(slug, 1, makeEntries(3_000));
    server.publish(slug, snapshot);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('has a mute toggle button and an M key; the muted state is remembered across reloads', async () => {
    const { page, pageErrors } = await openWheelPage(browser, `${server.url}/wheel/${slug}`);
    const mute = page.getByRole('button', { name: 'Mute sounds' });
    expect(await mute.isVisible()).toBe(true);
    expect(await mute.getAttribute('aria-pressed')).toBe('false');
    expect((await effectsOf(page)).muted).toBe(false);

    await mute.click();
    expect(await mute.getAttribute('aria-pressed')).toBe('true');
    expect((await effectsOf(page)).muted).toBe(true);
    expect(await page.evaluate(() => localStorage.getItem('prizewheel:muted'))).toBe('1');

    await page.clock.resume();
    await page.reload();
    await waitForWheelAttribute(page, 'data-state', 'idle');
    expect(await page.getByRole('button', { name: 'Mute sounds' }).getAttribute('aria-pressed')).toBe('true');
    expect((await effectsOf(page)).muted).toBe(true);

    await page.keyboard.press('m');
    expect(await mute.getAttribute('aria-pressed')).toBe('false');
    expect(await page.evaluate(() => localStorage.getItem('prizewheel:muted'))).toBe('0');
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('ticks as slices pass the pointer, at most one tick per 40 ms, then sounds the win; muted, none', async () => {
    const { page, pageErrors } = await openWheelPage(browser, `${server.url}/wheel/${slug}?key=k`, {
      canSpin: true,
    });
    await page.keyboard.press('Space'); // a user gesture: the page may start its audio
    await waitForWheelAttribute(page, 'data-state', 'spinning');
    const plan = server.plans.at(-1)!;
    await page.clock.runFor(plan.durationMs + 100);
    await waitForWheelAttribute(page, 'data-last-spin-id', plan.id);
    const first = await effectsOf(page);
    expect(first.audio).toBe('running');
    // 3,000 slices, 5-8 turns: tens of thousands of boundaries passed, a few hundred ticks at most.
    expect(first.crossings).toBeGreaterThanOrEqual(5 * 3_000);
    expect(first.ticks).toBeGreaterThan(20);
    expect(first.ticks).toBeLessThanOrEqual(plan.durationMs / MIN_TICK_INTERVAL_MS + 1);
    const times = first.recentTickTimesMs;
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(MIN_TICK_INTERVAL_MS);
    // The ticks slow down with the wheel: the last gaps are far longer than the first ones.
    expect(gaps.at(-1)!).toBeGreaterThan(4 * Math.max(...gaps.slice(0, 10)));
    expect(first.wins).toBe(1);

    await page.keyboard.press('m');
    const landedBefore = server.landed.length;
    await page.keyboard.press('Space');
    await waitForWheelAttribute(page, 'data-state', 'spinning');
    const second = server.plans.at(-1)!;
    await page.clock.runFor(second.durationMs + 100);
    await waitForWheelAttribute(page, 'data-last-spin-id', second.id);
    const muted = await effectsOf(page);
    expect(muted.crossings).toBeGreaterThan(first.crossings);
    expect(muted.ticks).toBe(first.ticks);
    expect(muted.wins).toBe(1);
    expect(server.landed.length).toBe(landedBefore + 1);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('keeps working without Web Audio: the spin lands, nothing throws', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(() => {
      // @ts-expect-error removing what the page expects
      delete window.AudioContext;
      // @ts-expect-error the prefixed one too
      delete window.webkitAudioContext;
    });
    const page = await context.newPage();
    const pageErrors: Error[] = [];
    page.on('pageerror', (error) => pageErrors.push(error));
    await page.clock.install();
    await page.goto(`${server.url}/wheel/${slug}?key=k`);
    await waitForWheelAttribute(page, 'data-can-spin', 'true');
    await waitForWheelAttribute(page, 'data-state', 'idle');
    await page.clock.pauseAt(Date.now() + 1_000);
    expect(await page.evaluate(() => typeof window.AudioContext)).toBe('undefined');
    await page.keyboard.press('Space');
    await waitForWheelAttribute(page, 'data-state', 'spinning');
    const plan = server.plans.at(-1)!;
    await page.clock.runFor(plan.durationMs + 100);
    await waitForWheelAttribute(page, 'data-last-spin-id', plan.id);
    expect(await wheelAttribute(page, 'data-pointer-index')).toBe(String(plan.targetIndex));
    expect((await effectsOf(page)).audio).toBe('unavailable');
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('hides the cursor in kiosk mode, shows it while the mouse moves, hides it again when it rests', async () => {
    const { page } = await openWheelPage(browser, `${server.url}/wheel/${slug}?kiosk=1`);
    const cursorOverWheel = (): Promise<string> =>
      page.evaluate(() => getComputedStyle(document.querySelector('#wheel-canvas')!).cursor);
    expect(await wheelAttribute(page, 'data-cursor')).toBe('hidden');
    expect(await cursorOverWheel()).toBe('none');
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('#mute-button')!).opacity)).toBe(
      '0',
    );

    await page.mouse.move(200, 200);
    await page.mouse.move(220, 210);
    await waitForWheelAttribute(page, 'data-cursor', 'shown');
    expect(await cursorOverWheel()).not.toBe('none');
    await page.clock.runFor(CURSOR_IDLE_HIDE_MS + 100);
    await waitForWheelAttribute(page, 'data-cursor', 'hidden');
    expect(await cursorOverWheel()).toBe('none');
    const scrolls = await page.evaluate(() => {
      const root = document.scrollingElement!;
      return root.scrollHeight > window.innerHeight || root.scrollWidth > window.innerWidth;
    });
    expect(scrolls).toBe(false);
    await page.context().close();
  });

  it('a view-only page that prefers reduced motion turns fewer times, lands on the same winner at the same moment, without confetti', async () => {
    server.setPresenter(false);
    const calm = await openWheelPage(browser, `${server.url}/wheel/${slug}`, { canSpin: false });
    await calm.page.emulateMedia({ reducedMotion: 'reduce' });
    const full = await openWheelPage(browser, `${server.url}/wheel/${slug}`, { canSpin: false });
    server.setPresenter(true);
    const presenter = await openWheelPage(browser, `${server.url}/wheel/${slug}?key=k`, { canSpin: true });
    await presenter.page.emulateMedia({ reducedMotion: 'reduce' });
    const pages = [calm.page, full.page, presenter.page];

    const target = snapshot.entries[2_024]!;
    const plan = {
      id: 'calm-1',
      wheel: slug,
      version: 1,
      targetIndex: 2_024,
      ticket: target.ticket,
      name: target.name,
      ...PLAN_SHAPE,
    };
    server.sendEvent(slug, 'spin', plan);
    for (const page of pages) await waitForWheelAttribute(page, 'data-state', 'spinning');
    expect(await wheelAttribute(calm.page, 'data-spin-motion')).toBe('calm');
    expect(await wheelAttribute(full.page, 'data-spin-motion')).toBe('full');
    expect(await wheelAttribute(presenter.page, 'data-spin-motion')).toBe('full'); // the presenter keeps the full spin

    const rotationAfter = async (page: Page, ms: number): Promise<number> => {
      await page.clock.runFor(ms);
      return Number(await wheelAttribute(page, 'data-rotation'));
    };
    const calmMid = await rotationAfter(calm.page, 5_000);
    const fullMid = await rotationAfter(full.page, 5_000);
    expect(calmMid).toBeLessThan(fullMid);
    // Just before the end every page is still spinning; the calm one has turned less than 2 turns.
    const calmLate = await rotationAfter(calm.page, plan.durationMs - 5_000 - 40);
    const fullLate = await rotationAfter(full.page, plan.durationMs - 5_000 - 40);
    await presenter.page.clock.runFor(plan.durationMs - 40);
    for (const page of pages) expect(await wheelAttribute(page, 'data-state')).toBe('spinning');
    expect(calmLate).toBeLessThan(2 * 360);
    expect(fullLate).toBeGreaterThan(PLAN_SHAPE.rotations * 360);

    for (const page of pages) await page.clock.runFor(80);
    const arcs = buildArcs(snapshot.entries.map((e) => e.weight));
    const landed = await Promise.all(pages.map((page) => wheelAttributes(page)));
    for (const attributes of landed) {
      expect(attributes['data-state']).toBe('idle');
      expect(attributes['data-last-winner']).toBe(target.ticket);
      expect(attributes['data-pointer-index']).toBe('2024');
      expect(indexAt(arcs, Number(attributes['data-rotation']))).toBe(2_024);
      expect(attributes['data-rotation']).toBe(landed[1]!['data-rotation']);
    }

    // Confetti: none where the user prefers reduced motion; the other page draws it on a canvas of its own.
    expect((await effectsOf(full.page)).confetti).toBe(1);
    expect((await effectsOf(calm.page)).confetti).toBe(0);
    expect((await effectsOf(presenter.page)).confetti).toBe(0);
    // The burst starts two frames after the landing frame (the reveal is laid out in between).
    for (const page of pages) await page.clock.runFor(100);
    await full.page.waitForFunction(() => document.querySelectorAll('body > canvas').length > 0);
    expect(await calm.page.evaluate(() => document.querySelectorAll('body > canvas').length)).toBe(0);
    for (const opened of [calm, full, presenter]) {
      expect(opened.pageErrors).toEqual([]);
      await opened.page.context().close();
    }
  });
});
