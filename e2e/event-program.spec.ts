// Issue #18 "Done when", on screen: the scripted event (src/server/test-support/scripted-event.ts)
// driven through the API against the real server process, while a big screen (/wheel/:slug at
// 1280×720, real Chromium) follows it. For every spin: the pool the server drew from (core
// eligiblePool over the snapshot and the program's draws before the spin) is the pool on screen,
// and the screen showed the recorded winner (the batch grid the plan's batch); the prize, what is
// left of it, the scene and REHEARSAL are on the wheel element. Then the rules and the exports.
import Papa from 'papaparse';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prizeRemaining, type SpinPlan } from '../src/core/index.ts';
import { fetchClient, type HttpClient } from '../src/server/test-support/http-client.ts';
import {
  checkEventRules,
  checkExportMatchesLog,
  csvTable,
  readXlsxTable,
  runScriptedEvent,
  type SpinContext,
} from '../src/server/test-support/scripted-event.ts';
import { launchBrowser } from './support/browser.ts';
import { waitForWheelAttribute, wheelAttributes } from './support/display-page.ts';
import { signInOverHttp, startServer, type RunningServer } from './support/server.ts';
import type { Browser } from 'playwright-core';

const SLUG = 'gala';
const WHEEL = '[data-testid="wheel"]';
/** A spin lasts 3 s (the shortest the settings allow); the batch grid and the reveal take a few more. */
const SCREEN_TIMEOUT_MS = 30_000;

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page | undefined;
/** What the screen was checked against, spin by spin (pool size, batch places, grid tickets read). */
const screenChecks: Array<{ prize: string; pool: number; places?: number; grid?: number }> = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  context.on('weberror', (error) => pageErrors.push(String(error.error())));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Waits until the wheel element carries every attribute value, or fails naming what it shows. */
async function expectOnScreen(what: string, attributes: Record<string, string>): Promise<void> {
  const selector =
    WHEEL +
    Object.entries(attributes)
      .map(([name, value]) => `[${name}="${value}"]`)
      .join('');
  try {
    await page!.locator(selector).waitFor({ state: 'attached', timeout: SCREEN_TIMEOUT_MS });
  } catch {
    const shown = await wheelAttributes(page!);
    expect.soft(shown, `${what}: the screen shows ${JSON.stringify(attributes)}`).toMatchObject(attributes);
  }
}

/**
 * The tickets of the pool on screen, from the page's diagnostics (window.__prizewheel), whichever
 * name the display gives the hook; null with the hook's keys when there is none.
 */
async function poolTicketsOnScreen(): Promise<string[] | { missing: string[] }> {
  return page!.evaluate(() => {
    const diagnostics = window.__prizewheel as unknown as Record<string, unknown> | undefined;
    if (!diagnostics) return { missing: [] };
    for (const name of ['poolTickets', 'pool', 'eligiblePool', 'poolOnScreen']) {
      const hook = diagnostics[name];
      const value = typeof hook === 'function' ? (hook as () => unknown).call(diagnostics) : hook;
      if (Array.isArray(value)) return value.map(String);
      if (value && typeof value === 'object' && Array.isArray((value as { tickets?: unknown }).tickets))
        return (value as { tickets: unknown[] }).tickets.map(String);
    }
    return { missing: Object.keys(diagnostics) };
  });
}

/** How often the grid turns its page by itself (the display's GRID_PAGE_MS). */
const GRID_PAGE_MS = 6_000;

/**
 * The tickets the batch grid shows, over all its pages: each page read, then the page clock moved on
 * by one paging interval (the grid pages by itself) until every page was seen.
 */
async function batchGridTickets(): Promise<string[]> {
  const tickets = new Set<string>();
  const pages = Number((await wheelAttributes(page!))['data-grid-pages'] || '1');
  for (let turn = 0; turn < pages; turn++) {
    const shown = await page!.locator('#stage-grid-cells .grid-place .grid-ticket').allTextContents();
    for (const text of shown) tickets.add(text.replace(/ · reserve \d+$/u, '').trim());
    if (turn + 1 < pages) {
      const current = (await wheelAttributes(page!))['data-grid-page'];
      await page!.clock.fastForward(GRID_PAGE_MS);
      await page!
        .locator(`${WHEEL}:not([data-grid-page="${current}"])`)
        .waitFor({ state: 'attached', timeout: SCREEN_TIMEOUT_MS });
    }
  }
  return [...tickets];
}

async function checkPoolOnScreen(spin: SpinContext): Promise<void> {
  const expected = Array.from(spin.pool, (index) => spin.snapshot.entries[index]!.ticket);
  const what = `before the ${spin.prize.id} spin`;
  await expectOnScreen(what, {
    'data-version': String(spin.snapshot.version),
    'data-prize': spin.prize.id,
    'data-rehearsal': String(spin.rehearsal),
    'data-prize-remaining': String(prizeRemaining(spin.prize, spin.draws)),
    'data-pool-size': String(expected.length),
  });
  const onScreen = await poolTicketsOnScreen();
  screenChecks.push({ prize: spin.prize.id, pool: expected.length });
  expect.soft(onScreen, `${what}: the pool on screen is the pool the server draws from`).toEqual(expected);
}

async function checkSpinOnScreen(spin: SpinContext & { plan: SpinPlan }): Promise<void> {
  const { plan, prize } = spin;
  const winners = (plan.batch ?? []).filter((place) => place.role === 'winner');
  const what = `the ${prize.id} spin ${plan.id}`;
  await expectOnScreen(what, {
    'data-last-spin-id': plan.id,
    'data-state': 'idle',
    'data-last-winner': plan.ticket,
    'data-rehearsal': String(spin.rehearsal),
  });
  const places = plan.batch ?? [];
  if (places.length > 1) {
    await expectOnScreen(what, { 'data-scene': 'batch', 'data-batch-count': String(winners.length) });
    const grid = await batchGridTickets();
    Object.assign(screenChecks.at(-1) ?? {}, { places: places.length, grid: grid.length });
    expect
      .soft(grid.length, `${what}: the batch grid's tickets are readable from the page`)
      .toBeGreaterThan(0);
    const batchTickets = new Set(places.map((place) => place.ticket));
    expect
      .soft(
        grid.filter((ticket) => !batchTickets.has(ticket)),
        `${what}: the grid shows only the plan's batch`,
      )
      .toEqual([]);
    const shown = new Set(grid);
    expect
      .soft(
        winners.filter((place) => !shown.has(place.ticket)).map((place) => place.ticket),
        `${what}: every winner of the batch is in the grid`,
      )
      .toEqual([]);
  } else {
    await expectOnScreen(what, { 'data-scene': 'wheel' });
  }
}

describe('the scripted event on a big screen', () => {
  it('shows, for every spin, the pool the server drew from and the winners it recorded', async () => {
    const http: HttpClient = fetchClient(server.url);
    const cookie = await signInOverHttp(server.url, server.adminPassword);
    const result = await runScriptedEvent({
      http,
      slug: SLUG,
      adminHeaders: { cookie },
      hooks: {
        async ready({ version }) {
          page = await context.newPage();
          // The clock runs as real time does; the test only jumps it to turn the grid's pages.
          await page.clock.install();
          await page.goto(`${server.url}/wheel/${SLUG}`);
          await waitForWheelAttribute(page, 'data-version', String(version), SCREEN_TIMEOUT_MS);
          await expectOnScreen('the first screen', { 'data-rehearsal': 'false' });
        },
        async afterStage(stage) {
          if (!page) return;
          await expectOnScreen(`stage ${JSON.stringify(stage)}`, {
            'data-scene': stage.scene,
            'data-prize': stage.prizeId ?? '',
          });
          if (stage.scene === 'winners') {
            const cells = await page.locator('#stage-grid-cells .grid-place').count();
            expect.soft(cells, 'the winners scene lists winners').toBeGreaterThan(0);
          }
        },
        async afterDecline(answer) {
          if (!answer.substitute) return;
          // The screens show the substitution: who takes the place.
          const notice = page!.getByTestId('substitution');
          try {
            await page!
              .locator('[data-testid="substitution"]:not([hidden])', { hasText: answer.substitute.ticket })
              .waitFor({ state: 'visible', timeout: SCREEN_TIMEOUT_MS });
          } catch {
            expect
              .soft(
                await notice.evaluate((element: HTMLElement) => ({
                  hidden: element.hidden,
                  text: element.textContent,
                })),
                `the substitution of draw ${answer.declined.seq} by ${answer.substitute.ticket} on screen`,
              )
              .toMatchObject({ hidden: false, text: expect.stringContaining(answer.substitute.ticket) });
          }
        },
        beforeSpin: checkPoolOnScreen,
        afterSpin: checkSpinOnScreen,
      },
    });

    // Every spin was checked on screen: the rehearsal spin and every live press.
    expect(screenChecks.map((check) => check.prize)).toEqual([
      result.rehearsalPlan.prizeId,
      ...result.plans.map((plan) => plan.prizeId),
    ]);
    console.info(`screen checks: ${JSON.stringify(screenChecks)}`);

    checkEventRules(result);
    const csv = await http('GET', `/api/admin/wheels/${SLUG}/draws?format=csv`, { headers: { cookie } });
    expect(csv.status, csv.describe()).toBe(200);
    checkExportMatchesLog(
      'CSV',
      csvTable(csv.body, (text) => Papa.parse<string[]>(text, { skipEmptyLines: true }).data),
      result,
    );
    const xlsx = await http('GET', `/api/admin/wheels/${SLUG}/draws?format=xlsx`, { headers: { cookie } });
    expect(xlsx.status, xlsx.describe()).toBe(200);
    checkExportMatchesLog('XLSX', await readXlsxTable(xlsx.raw), result);

    // The public verify page shows each decline: the winner, the reason, and who took the place.
    await page!.goto(`${server.url}/verify/${SLUG}`);
    await page!.locator('[data-testid="verify"][data-state="ready"]').waitFor();
    const declines = [result.declines.reserveReplaced, result.declines.redrawn].filter(
      (answer) => answer?.substitute,
    );
    expect(declines.length, 'both declines were made').toBe(2);
    for (const answer of declines) {
      const { declined, substitute } = answer!;
      expect(declined.declineReason, `the reason of draw ${declined.seq} is public`).toMatch(/\S/);
      const shown = await page!
        .locator(`[data-testid="verify-program-draw"][data-seq="${declined.seq}"][data-declined="true"]`)
        .textContent();
      expect
        .soft(shown, `draw ${declined.seq} on the verify page`)
        .toContain(`declined: ${declined.declineReason}`);
      expect.soft(shown).toContain(`replaced by #${substitute!.seq} (${substitute!.ticket})`);
      const taking = page!.locator(
        `[data-testid="verify-program-draw"][data-seq="${substitute!.seq}"][data-substitutes="${declined.seq}"]`,
      );
      expect.soft(await taking.count(), `draw ${substitute!.seq} takes the place on the verify page`).toBe(1);
    }

    expect(pageErrors).toEqual([]);
  });
});
