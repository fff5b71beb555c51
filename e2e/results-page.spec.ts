// Issue #19 "Done when": the public /results/:slug page on a phone (390×844, real Chromium, the
// real server process): a list with persons (emails) and two prizes, real batches and a decline;
// the page lists each prize's places in running order with the substitute in the declined place,
// an entrant finds their win by ticket and email, a listed non-winner learns they were in the list,
// and a wrong email reveals nothing. The page keeps the strict CSP (no violation reported).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgramState, SpinPlan } from '../src/core/index.ts';
import { launchBrowser } from './support/browser.ts';
import { signInOverHttp, startServer, type RunningServer } from './support/server.ts';

const SLUG = 'gala';
const ENTRIES = Array.from({ length: 12 }, (_, i) => ({
  ticket: `G-${String(i + 1).padStart(3, '0')}`,
  name: `Guest ${i + 1}`,
  weight: 1,
  person: `guest${i + 1}@example.com`,
}));
const emailOf = (ticket: string) => ENTRIES.find((entry) => entry.ticket === ticket)!.person;

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let cookie = '';
const pageErrors: string[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  cookie = await signInOverHttp(server.url, server.adminPassword);
  context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
    locale: 'en-GB',
  });
  context.on('weberror', (error) => pageErrors.push(String(error.error())));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      origin: server.url,
      cookie,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? null : await response.json()) as T;
}

async function draw(version: number, prizeId: string): Promise<SpinPlan> {
  const plan = await api<SpinPlan>('POST', `/api/wheels/${SLUG}/spins`, { version, prizeId });
  await api('POST', `/api/wheels/${SLUG}/spins/${plan.id}/landed`, {
    landedIndex: plan.targetIndex,
    durationMs: plan.durationMs,
  });
  return plan;
}

async function check(page: Page, ticket: string, person: string) {
  await page.getByTestId('results-ticket-input').fill(ticket);
  await page.getByTestId('results-person-input').fill(person);
  const result = page.getByTestId('results-check-result');
  const before = await result.getAttribute('data-check');
  await page.getByRole('button', { name: 'Check' }).click();
  await page
    .locator(`[data-testid="results-check-result"][data-state="answered"]:not([data-check="${before}"])`)
    .waitFor();
  return {
    inList: await result.getAttribute('data-in-list'),
    won: await result.getAttribute('data-won'),
    text: (await result.textContent()) ?? '',
  };
}

describe('the public results page on a phone', () => {
  it('lists the winners in running order, finds a winner by ticket, confirms a listed non-winner, and reveals nothing to a wrong email', async () => {
    await api('POST', '/api/admin/wheels', { slug: SLUG, title: 'Winter gala' });
    await api('PUT', `/api/admin/wheels/${SLUG}/draft/entries`, { entries: ENTRIES });
    await api('PUT', `/api/admin/wheels/${SLUG}/draft/prizes`, {
      prizes: [
        { name: 'Grand prize', quantity: 1, sponsor: 'Acme' },
        { name: 'Mug', quantity: 3, batchSize: 3, reserves: 1 },
      ],
    });
    const { version } = await api<{ version: number }>('POST', `/api/admin/wheels/${SLUG}/publish`, {});
    const grand = await draw(version, 'grand-prize');
    const mugs = await draw(version, 'mug');
    const [firstMug, secondMug, thirdMug, reserve] = mugs.batch!;
    expect(reserve!.role).toBe('reserve');
    const program = await api<ProgramState>('GET', `/api/wheels/${SLUG}/program`);
    const declined = program.draws.find((d) => d.ticket === secondMug!.ticket && d.prizeId === 'mug')!;
    await api('POST', `/api/wheels/${SLUG}/draws/${declined.seq}/decline`, { reason: 'not present' });

    const page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
    });
    const response = await page.goto(`${server.url}/results/${SLUG}`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('main[data-state="ready"]').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    // Running order, the reserve in the declined winner's place, the declined winner nowhere.
    const prizes = page.getByTestId('results-prize');
    expect(await prizes.evaluateAll((cards) => cards.map((card) => card.getAttribute('data-prize')))).toEqual(
      ['grand-prize', 'mug'],
    );
    const placeTickets = (prizeId: string) =>
      page
        .locator(`[data-testid="results-prize"][data-prize="${prizeId}"] [data-testid="results-place"]`)
        .evaluateAll((places) => places.map((place) => place.getAttribute('data-ticket')));
    expect(await placeTickets('grand-prize')).toEqual([grand.ticket]);
    expect(await placeTickets('mug')).toEqual([firstMug!.ticket, reserve!.ticket, thirdMug!.ticket]);
    expect(await page.getByTestId('results-prize').nth(1).textContent()).not.toContain(secondMug!.ticket);
    // Certificate links for the event and each prize (JSON and PDF).
    const certificateLinks = await page
      .locator('[data-testid="results-certificate"] a')
      .evaluateAll((links) =>
        links.map(
          (link) =>
            new URL((link as HTMLAnchorElement).href).pathname +
            new URL((link as HTMLAnchorElement).href).search,
        ),
      );
    expect(certificateLinks).toEqual(
      expect.arrayContaining([
        `/api/wheels/${SLUG}/certificate`,
        `/api/wheels/${SLUG}/certificate.pdf`,
        `/api/wheels/${SLUG}/certificate?prize=mug`,
        `/api/wheels/${SLUG}/certificate.pdf?prize=grand-prize`,
      ]),
    );

    // Fits the phone: nothing wider than the viewport.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // A winner finds their prize by ticket (typed loosely) and email.
    const winner = await check(page, ` ${grand.ticket.toLowerCase()} `, emailOf(grand.ticket).toUpperCase());
    expect(winner).toMatchObject({ inList: 'true', won: '1' });
    expect(winner.text).toContain('Grand prize');

    // A listed non-winner learns it was in the list and did not win.
    const drawn = new Set([grand.ticket, ...mugs.batch!.map((place) => place.ticket)]);
    const other = ENTRIES.find((entry) => !drawn.has(entry.ticket))!;
    const listed = await check(page, other.ticket, other.person);
    expect(listed).toMatchObject({ inList: 'true', won: '0' });
    expect(listed.text).toContain(`version ${version}`);

    // A wrong email for the winner's ticket answers like a ticket not in the list.
    const wrong = await check(page, grand.ticket, emailOf(other.ticket));
    expect(wrong).toMatchObject({ inList: 'false', won: '0' });
    expect(wrong.text).not.toContain('Grand prize');
    const unknown = await check(page, 'NO-SUCH', 'nobody@example.com');
    expect(unknown.inList).toBe('false');

    // /verify states the same for this standard wheel: the list's checksum, the draw log in counts
    // (pre-drawn in plain words), each prize's rules, and the decline.
    const snapshot = await api<{ checksum: string }>('GET', `/api/wheels/${SLUG}/snapshot`);
    await page.goto(`${server.url}/verify/${SLUG}`);
    await page.locator('main[data-state="ready"]').waitFor();
    expect(await page.locator('#list-facts').getAttribute('data-checksum')).toBe(snapshot.checksum);
    const log = page.getByTestId('verify-draw-log-summary');
    // 1 grand prize + 3 mugs + 1 reserve + the reserve's record in the declined place.
    expect(await log.getAttribute('data-counted')).toBe('6');
    expect(await log.getAttribute('data-predrawn')).toBe('0');
    expect(await log.textContent()).toContain('None was pre-drawn.');
    expect(await page.getByTestId('verify-prize-rules').count()).toBe(2);
    expect(await page.getByTestId('verify-prize-rules').nth(1).textContent()).toContain('3 winners');
    expect(
      await page.locator(`[data-testid="verify-program-draw"][data-seq="${declined.seq}"]`).textContent(),
    ).toContain('declined: not present');

    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
