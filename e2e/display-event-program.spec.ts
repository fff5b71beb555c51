// The event program on the big screen, in real Chromium at 1280×720: the prize card and the prize's
// eligible pool on the wheel (compared with core's eligiblePool over the drawn program), a batch
// spun by a clicker key and revealed in a paged grid (names ≥ 28 px, clear of the title, logo and
// card), the single winner's reveal clear of them too, a substitution, the winners scene,
// REHEARSAL and the blank screen. The page is served by the display stand-in
// (support/display-test-server.ts), whose prize spins use core's eligiblePool and drawBatch.
// Screenshots for the closing note go to /tmp/shots/ (not committed).
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  computeSnapshotChecksum,
  DEFAULT_SETTINGS,
  eligiblePool,
  type Entry,
  type Prize,
  type Snapshot,
} from '../src/core/index.ts';
import { launchBrowser } from './support/browser.ts';
import { waitForWheelAttribute } from './support/display-page.ts';
import {
  makeEntries,
  makeSnapshot,
  startDisplayTestServer,
  type DisplayTestServer,
} from './support/display-test-server.ts';

const SHOTS = '/tmp/shots';
/** A 1×1 PNG: the logo (scaled by the page to its box). */
const LOGO_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const PRIZES: Prize[] = [
  {
    id: 'gift',
    name: 'Gift card',
    quantity: 40,
    sponsor: 'Acme Books',
    groups: null,
    allowPreviousWinners: false,
    batchSize: 30,
    reserves: 4,
  },
  {
    id: 'grand',
    name: 'Grand prize: a weekend in Lisbon',
    quantity: 1,
    groups: null,
    allowPreviousWinners: true,
    batchSize: 1,
    reserves: 0,
  },
];

/** 150 tickets: persons holding 5 tickets each for the first 50, then one each; a third are Staff. */
function programSnapshot(): Snapshot {
  const entries: Entry[] = Array.from({ length: 150 }, (_, i) => ({
    ticket: String(i + 1).padStart(5, '0'),
    name: `Participant ${i + 1}`,
    weight: 1,
    person: i < 50 ? `multi-${Math.floor(i / 5)}` : `single-${i}`,
    group: i % 3 === 0 ? 'Staff' : 'Guests',
  }));
  const body = {
    wheel: 'gala',
    version: 1,
    publishedAt: '2026-12-05T18:00:00.000Z',
    entries,
    settings: { ...DEFAULT_SETTINGS, spinDurationMs: 1_500, minRotations: 1, maxRotations: 2 },
    prizes: PRIZES,
  };
  return { ...body, checksum: computeSnapshotChecksum(body) };
}

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function boxOf(page: Page, selector: string): Promise<Box> {
  const box = await page.locator(selector).boundingBox();
  if (box === null) throw new Error(`${selector} is not on screen`);
  return box;
}

/** The pool on screen is core's eligiblePool of the stage prize over the server's program. */
async function expectPoolMatchesServer(
  page: Page,
  server: DisplayTestServer,
  snapshot: Snapshot,
): Promise<number> {
  const program = server.program('gala');
  const prize = PRIZES.find((candidate) => candidate.id === program.stage.prizeId)!;
  const expected = Array.from(
    eligiblePool(snapshot.entries, prize, program.draws),
    (i) => snapshot.entries[i]!.ticket,
  );
  await page.waitForFunction(
    (tickets) => JSON.stringify(window.__prizewheel?.poolTickets()) === JSON.stringify(tickets),
    expected,
  );
  await waitForWheelAttribute(page, 'data-pool-size', String(expected.length));
  return expected.length;
}

describe('the event program on the big screen (1280×720)', () => {
  let browser: Browser;
  let server: DisplayTestServer;
  let page: Page;
  const snapshot = programSnapshot();

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    browser = await launchBrowser();
    server = await startDisplayTestServer();
    server.publish('gala', snapshot);
    server.setAppearance('gala', { title: 'Annual Gala Night 2026', logoPng: LOGO_PNG });
    server.setProgram('gala', { stage: { prizeId: 'gift', scene: 'wheel', blank: false } });
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${server.url}/wheel/gala`);
    await waitForWheelAttribute(page, 'data-state', 'idle');
    await waitForWheelAttribute(page, 'data-can-spin', 'true');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the prize card beside the wheel and exactly the prize pool on it', async () => {
    await waitForWheelAttribute(page, 'data-prize', 'gift');
    await waitForWheelAttribute(page, 'data-prize-remaining', '40');
    expect(await page.locator('#prize-remaining').textContent()).toBe('40 of 40 left');
    expect(await page.locator('#prize-sponsor').textContent()).toBe('Sponsored by Acme Books');
    expect(await expectPoolMatchesServer(page, server, snapshot)).toBe(150);
    await page.locator('.wheel-title').waitFor({ state: 'visible' });
    const card = await boxOf(page, '#prize-card');
    for (const other of ['.wheel-title', '.wheel-logo'])
      expect(overlaps(card, await boxOf(page, other))).toBe(false);
    await page.screenshot({ path: `${SHOTS}/prize-card.png` });
  });

  it.each([
    { width: 390, height: 844 },
    { width: 1920, height: 1080 },
    { width: 3840, height: 2160 },
  ])(
    'keeps the card clear of the wheel, pointer, callout, title and logo at $width×$height',
    async (viewport) => {
      const other = await browser.newPage({ viewport });
      await other.goto(`${server.url}/wheel/gala?shot=${viewport.width}`);
      await waitForWheelAttribute(other, 'data-prize', 'gift');
      await other.locator('.wheel-title').waitFor({ state: 'visible' });
      const card = await boxOf(other, '#prize-card');
      const wheel = await other.evaluate(() => {
        const style = getComputedStyle(document.querySelector('#wheel')!);
        const radius = parseFloat(style.getPropertyValue('--wheel-radius'));
        const centerY = parseFloat(style.getPropertyValue('--wheel-center-y'));
        // The wheel's square, the pointer above it included.
        return {
          x: window.innerWidth / 2 - radius,
          y: centerY - radius * 1.1,
          width: 2 * radius,
          height: radius * 2.1,
        };
      });
      expect(card.x).toBeGreaterThanOrEqual(0);
      expect(card.y + card.height).toBeLessThanOrEqual(viewport.height);
      expect(card.x + card.width).toBeLessThanOrEqual(viewport.width);
      expect(overlaps(card, wheel)).toBe(false);
      for (const selector of ['#callout', '.wheel-title', '.wheel-logo'])
        expect(overlaps(card, await boxOf(other, selector))).toBe(false);
      if (viewport.width === 390) await other.screenshot({ path: `${SHOTS}/prize-card-phone.png` });
      await other.close();
    },
  );

  it('spins a batch on a clicker key, reveals it in a paged legible grid clear of title, logo and card', async () => {
    await page.keyboard.press('PageDown');
    await page.waitForFunction(
      () => document.querySelector('#wheel')?.getAttribute('data-last-spin-id') === 'spin-1',
    );
    const plan = server.plans[0]!;
    expect(plan.batch).toHaveLength(34);
    await waitForWheelAttribute(page, 'data-scene', 'batch');
    await waitForWheelAttribute(page, 'data-batch-count', '30');
    // The landing was reported with the snapshot's index, not the slice position on the pool.
    await expect.poll(() => server.landed.map((report) => report.landedIndex)).toEqual([plan.targetIndex]);
    const pageText = await page.locator('#stage-grid-page').textContent();
    expect(pageText).toMatch(/^page 1 of ([2-9]|\d\d+)$/);
    const sizes = await page.$$eval('.grid-name, .grid-ticket', (cells) =>
      cells.map((cell) => parseFloat(getComputedStyle(cell).fontSize)),
    );
    expect(sizes.length).toBeGreaterThan(0);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(28);
    const grid = await boxOf(page, '#stage-grid');
    for (const other of ['.wheel-title', '.wheel-logo', '#prize-card'])
      expect(overlaps(grid, await boxOf(page, other))).toBe(false);
    expect(await page.locator('#program-announcer').textContent()).toMatch(/^30 winners of Gift card: /);
    await page.screenshot({ path: `${SHOTS}/batch-grid.png` });
    // The clicker pages on; after the last page it goes back to the wheel of the same prize.
    await page.keyboard.press('ArrowRight');
    await waitForWheelAttribute(page, 'data-grid-page', '2');
    await page.keyboard.press('ArrowLeft');
    await waitForWheelAttribute(page, 'data-grid-page', '1');
    const pages = Number(/of (\d+)/.exec(pageText!)![1]);
    for (let i = 1; i < pages; i++) await page.keyboard.press('PageDown');
    await waitForWheelAttribute(page, 'data-grid-page', String(pages));
    await page.keyboard.press('PageDown');
    await waitForWheelAttribute(page, 'data-scene', 'wheel');
    await waitForWheelAttribute(page, 'data-prize-remaining', '10');
    // The winners and unused reserves have left the pool (with all their persons' tickets).
    expect(await expectPoolMatchesServer(page, server, snapshot)).toBeLessThan(150 - 34);
  });

  it('reveals a single winner within the wheel column, clear of title, logo and card', async () => {
    server.setProgram('gala', { stage: { prizeId: 'grand', scene: 'wheel', blank: false } });
    await waitForWheelAttribute(page, 'data-prize', 'grand');
    await expectPoolMatchesServer(page, server, snapshot);
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => document.querySelector('#wheel')?.getAttribute('data-last-spin-id') === 'spin-2',
    );
    await page.locator('#reveal').waitFor({ state: 'visible' });
    const reveal = await boxOf(page, '#reveal');
    for (const other of ['.wheel-title', '.wheel-logo', '#prize-card'])
      expect(overlaps(reveal, await boxOf(page, other))).toBe(false);
    await waitForWheelAttribute(page, 'data-prize-remaining', '0');
  });

  it('reveals the winner of a wheel without prizes at 1366×800 clear of the title and logo', async () => {
    const plain = makeSnapshot('plain', 1, makeEntries(40), {
      ...DEFAULT_SETTINGS,
      spinDurationMs: 1_500,
      minRotations: 1,
      maxRotations: 2,
    });
    server.publish('plain', plain);
    server.setAppearance('plain', { title: 'Annual Gala Night 2026', logoPng: LOGO_PNG });
    const other = await browser.newPage({ viewport: { width: 1366, height: 800 } });
    await other.goto(`${server.url}/wheel/plain`);
    await waitForWheelAttribute(other, 'data-can-spin', 'true');
    await other.locator('.wheel-logo').waitFor({ state: 'visible' });
    await other.keyboard.press('Space');
    await other.locator('#reveal').waitFor({ state: 'visible' });
    const reveal = await boxOf(other, '#reveal');
    for (const selector of ['.wheel-title', '.wheel-logo'])
      expect(overlaps(reveal, await boxOf(other, selector))).toBe(false);
    await other.close();
  });

  it('shows a substitution, then the winners scene by prize', async () => {
    const program = server.program('gala');
    const declined = program.draws.find(
      (draw) => draw.prizeId === 'gift' && draw.rank === 2 && draw.role === 'winner',
    )!;
    const reserve = program.draws.find(
      (draw) => draw.prizeId === 'gift' && draw.role === 'reserve' && draw.rank === 1,
    )!;
    server.setProgram('gala', {
      draws: [
        ...program.draws.map((draw) => (draw.seq === declined.seq ? { ...draw, declined: true } : draw)),
        {
          ...reserve,
          seq: program.draws.length + 1,
          role: 'winner',
          rank: 2,
          substitutes: declined.seq,
          promotedFrom: reserve.seq,
        },
      ],
      stage: { prizeId: null, scene: 'winners', blank: false },
    });
    await page
      .locator('#substitution', {
        hasText: `${declined.name} declined — ${reserve.name} (${reserve.ticket}) takes the place`,
      })
      .waitFor({ state: 'visible' });
    await waitForWheelAttribute(page, 'data-scene', 'winners');
    await page.locator('#substitution').waitFor({ state: 'hidden' });
    const headings = await page.locator('.grid-heading').allTextContents();
    expect(headings[0]).toBe('Gift card');
    await page.screenshot({ path: `${SHOTS}/winners-scene.png` });
    // The winners scene pages through every winner; the grand prize comes last.
    const pages = Number(
      /of (\d+)/.exec((await page.locator('#stage-grid-page').textContent()) ?? '')?.[1] ?? 1,
    );
    for (let i = 1; i < pages; i++) await page.keyboard.press('PageDown');
    await page.locator('.grid-heading', { hasText: 'Grand prize' }).waitFor({ state: 'visible' });
  });

  it('shows REHEARSAL while rehearsing and blanks the screen on B', async () => {
    server.setProgram('gala', { rehearsal: true });
    await waitForWheelAttribute(page, 'data-rehearsal', 'true');
    await page.locator('[data-testid="rehearsal"]').waitFor({ state: 'visible' });
    await page.screenshot({ path: `${SHOTS}/rehearsal.png` });
    server.setProgram('gala', { rehearsal: false });
    await waitForWheelAttribute(page, 'data-rehearsal', 'false');
    await page.keyboard.press('b');
    await waitForWheelAttribute(page, 'data-blank', 'true');
    await page.locator('[data-testid="blank-screen"]').waitFor({ state: 'visible' });
    await page.keyboard.press('b');
    await waitForWheelAttribute(page, 'data-blank', 'false');
    expect(server.program('gala').stage.blank).toBe(false);
  });
});
