// The presenter console (/present/:slug) in real Chromium on a 390×844 phone, against the real app:
// with a presenter link's key it picks a prize, spins a batch, declines a winner with a reason (a
// reserve takes the place), switches the big screens to the winners scene, and the wheel page
// follows; without a valid key it says so and shows nothing else. No page error, no CSP violation.
import {
  request,
  type APIRequestContext,
  type APIResponse,
  type Browser,
  type BrowserContext,
  type Page,
} from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Prize, ProgramState } from '../src/core/index.ts';
import { startAppServer, type AppServer } from './support/app-server.ts';
import { launchBrowser } from './support/browser.ts';

const ADMIN_PASSWORD = 'secret-e2e-console';
const SLUG = 'gala';
const PHONE = { width: 390, height: 844 };

const PRIZES: Prize[] = [
  {
    id: 'mug',
    name: 'Mug',
    quantity: 5,
    groups: null,
    allowPreviousWinners: false,
    batchSize: 1,
    reserves: 0,
  },
  {
    id: 'voucher',
    name: 'Dinner voucher',
    quantity: 4,
    sponsor: 'Bistro',
    groups: null,
    allowPreviousWinners: false,
    batchSize: 3,
    reserves: 1,
  },
];

let server: AppServer;
let browser: Browser;
let context: BrowserContext;
let presenterKey = '';

/** The organizer's side, signed in as admin (Playwright keeps the session cookie). */
let admin: APIRequestContext;

async function api(method: string, path: string, body?: unknown): Promise<APIResponse> {
  const response = await admin.fetch(path, { method, ...(body === undefined ? {} : { data: body }) });
  if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
  return response;
}

async function program(): Promise<ProgramState> {
  return (await (await api('GET', `/api/wheels/${SLUG}/program`)).json()) as ProgramState;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startAppServer(ADMIN_PASSWORD, 'prizewheel-presenter-console-e2e-'),
    launchBrowser(),
  ]);
  admin = await request.newContext({ baseURL: server.url, extraHTTPHeaders: { origin: server.url } });
  await api('POST', '/api/admin/session', { username: 'admin', password: ADMIN_PASSWORD });
  await api('POST', '/api/admin/wheels', { slug: SLUG, title: 'Gala' });
  const entries = Array.from({ length: 12 }, (_, i) => ({
    ticket: String(i + 1).padStart(4, '0'),
    name: `Guest ${i + 1}`,
    weight: 1,
  }));
  await api('PUT', `/api/admin/wheels/${SLUG}/draft/entries`, { entries });
  await api('POST', `/api/admin/wheels/${SLUG}/publish`, {});
  const created = await api('POST', `/api/admin/wheels/${SLUG}/presenter-keys`, { label: 'Stage phone' });
  presenterKey = ((await created.json()) as { key: string }).key;
  context = await browser.newContext({
    baseURL: server.url,
    viewport: PHONE,
    hasTouch: true,
    isMobile: true,
  });
});

afterAll(async () => {
  await context?.close();
  await admin?.dispose();
  await browser?.close();
  await server?.close();
});

async function openConsole(query: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  // The pages' strict CSP: the console runs without a single violation.
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) errors.push(message.text());
  });
  await page.goto(`/present/${SLUG}${query}`);
  return { page, errors };
}

async function hasNoHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
}

describe('the presenter console /present/:slug', () => {
  it('says clearly that a missing or revoked key gives no rights, and shows nothing else', async () => {
    for (const query of ['', '?key=not-a-real-key']) {
      const { page, errors } = await openConsole(query);
      await page.locator('main[data-state="forbidden"]').waitFor();
      expect(await page.getByTestId('present-no-rights').textContent()).toContain('presenter link');
      expect(await page.locator('#console').isHidden()).toBe(true);
      expect(await page.getByTestId('present-spin').isVisible()).toBe(false);
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it('picks a prize, spins a batch, declines a winner with a reason, and puts the winners scene on the big screens', async () => {
    await api('PUT', `/api/admin/wheels/${SLUG}/draft/prizes`, { prizes: PRIZES });
    await api('POST', `/api/admin/wheels/${SLUG}/publish`, {});
    const { page, errors } = await openConsole(`?key=${encodeURIComponent(presenterKey)}`);
    await page.locator('main[data-state="ready"]').waitFor();
    const prizes = page.getByTestId('present-prize');
    await expect.poll(() => prizes.count()).toBe(2);
    const voucher = page.locator('[data-testid="present-prize"][data-prize-id="voucher"]');
    expect(await voucher.textContent()).toContain('4 of 4 left · 12 eligible');
    expect(await hasNoHorizontalScroll(page)).toBe(true);

    // Pick the prize: the stage follows, and the batch size field defaults to its batch size.
    await voucher.click();
    await page.locator('main[data-prize="voucher"][data-scene="wheel"]').waitFor();
    expect(await voucher.getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('present-count').inputValue()).toBe('3');
    expect((await program()).stage).toMatchObject({ prizeId: 'voucher', scene: 'wheel' });

    // A count beyond what is left is refused in the page, naming the limit.
    await page.getByTestId('present-count').fill('5');
    await page.getByTestId('present-spin').click();
    await page
      .getByTestId('present-message')
      .getByText('Batch size must be a whole number from 1 to 4')
      .waitFor();

    await page.getByTestId('present-count').fill('3');
    await page.getByTestId('present-spin').click();
    const winners = page.getByTestId('present-winner');
    await expect.poll(() => winners.count()).toBe(3);
    await expect.poll(() => page.getByTestId('present-reserve').count()).toBe(1);
    await page
      .locator('[data-testid="present-prize"][data-prize-id="voucher"][data-remaining="1"]')
      .waitFor();
    expect(await hasNoHorizontalScroll(page)).toBe(true);

    const afterSpin = await program();
    const batch = afterSpin.draws.filter((draw) => draw.prizeId === 'voucher');
    expect(batch.map((draw) => draw.role)).toEqual(['winner', 'winner', 'winner', 'reserve']);
    const [first] = batch;
    const reserve = batch[3]!;

    // Accept ticks a winner on this device only.
    const firstRow = page.locator(`[data-testid="present-winner"][data-seq="${first!.seq}"]`);
    const secondWinner = winners.nth(1);
    await secondWinner.getByTestId('present-accept').click();
    expect(await secondWinner.getByTestId('present-accept').getAttribute('aria-pressed')).toBe('true');

    // Decline the first winner with a reason: the reserve takes the place.
    await firstRow.getByTestId('present-decline').click();
    await page.getByTestId('present-decline-confirm').click();
    await page.locator('#decline-problem').getByText('Say why the winner does not take the prize.').waitFor();
    await page.getByTestId('present-decline-reason').fill('Not in the room');
    await page.getByTestId('present-decline-confirm').click();
    await page
      .getByTestId('present-message')
      .getByText(`${reserve.name} (ticket ${reserve.ticket}) takes the place.`)
      .waitFor();
    await page.locator(`[data-testid="present-reserve"] .tag`, { hasText: 'took a place' }).waitFor();
    await page.locator(`.place[data-seq="${first!.seq}"][data-declined="true"]`).waitFor();

    const afterDecline = await program();
    const declined = afterDecline.draws.find((draw) => draw.seq === first!.seq)!;
    expect(declined.declined).toBe(true);
    const substitute = afterDecline.draws.find((draw) => draw.substitutes === first!.seq)!;
    expect(substitute.promotedFrom).toBe(reserve.seq);
    const log = (await (await api('GET', `/api/admin/wheels/${SLUG}/draws`)).json()) as {
      draws: { seq: number; declined: { reason: string } | null }[];
    };
    expect(log.draws.find((draw) => draw.seq === first!.seq)?.declined?.reason).toBe('Not in the room');

    // The winners scene, mirrored on a big screen through the event stream.
    const screen = await context.newPage();
    await screen.goto(`/wheel/${SLUG}`);
    await page.getByTestId('present-scene-winners').click();
    await page.locator('main[data-scene="winners"]').waitFor();
    expect(await page.getByTestId('present-scene-winners').getAttribute('aria-pressed')).toBe('true');
    expect((await program()).stage).toEqual({ prizeId: 'voucher', scene: 'winners', blank: false });
    // TODO(lead): once the display's data-scene/data-prize land on main, this holds as written;
    // until then the stage is asserted through GET /program above.
    await screen.locator('[data-testid="wheel"][data-scene="winners"][data-prize="voucher"]').waitFor();

    // Blank and back.
    await page.getByTestId('present-blank').click();
    await page.locator('main[data-blank="true"]').waitFor();
    await page.getByTestId('present-blank').click();
    await page.locator('main[data-blank="false"]').waitFor();
    expect(errors).toEqual([]);
  });
});
