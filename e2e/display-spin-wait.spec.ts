// Issue 16.2: one spin at a time, seen from the presenter's screens. Real Chromium pages against the
// real `prizewheel serve` process: presenter A spins; presenter B (no event stream, so it does not
// know) presses Spin and meets the server's 409 spin_in_progress; presenter C (which joined A's
// spin) presses Space. Both show the wait on the button and in data-spin-wait, no second draw is
// recorded, and once A has landed and B's wait is over, B spins.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runUntilWheelAttribute, waitForWheelAttribute, wheelAttribute } from './support/display-page.ts';
import { openRealServerSuite, type RealServerSuite } from './support/real-server-suite.ts';
import { runUntilAttribute } from './support/wheel-harness.ts';

const SPIN_DURATION_MS = 3_000;
/** The server's hold after a spin's planned end (SPIN_LANDING_MARGIN_MS) plus the spin itself, with room. */
const WAIT_LIMIT_MS = 20_000;

let suite: RealServerSuite;

beforeAll(async () => {
  suite = await openRealServerSuite('prizewheel-spin-wait-');
  const settings = await suite.harness.admin('PUT', '/api/admin/wheels/default/draft/settings', {
    spinDurationMs: SPIN_DURATION_MS,
  });
  expect(settings.status).toBe(200);
  await suite.harness.publishNext();
});

afterAll(async () => {
  await suite?.close();
});

interface LoggedDraw {
  id: string;
  landedAt: string | null;
}

async function draws(): Promise<LoggedDraw[]> {
  const response = await suite.harness.admin('GET', '/api/admin/wheels/default/draws');
  return ((await response.json()) as { draws: LoggedDraw[] }).draws;
}

/** Waits (in real time: the answer comes from the server) until the page shows a wait. */
async function waitForSpinWait(page: Page): Promise<void> {
  await page
    .locator('[data-testid="wheel"][data-spin-wait]:not([data-spin-wait=""])')
    .waitFor({ state: 'attached', timeout: 15_000 });
}

describe('one spin at a time on the presenter screens', () => {
  it('a second presenter sees the wait instead of a second draw, and spins once the first has landed', async () => {
    const a = await suite.harness.openWheel({ presenter: true });
    const b = await suite.harness.openWheel({ presenter: true, withoutEvents: true });
    const c = await suite.harness.openWheel({ presenter: true });
    const spinButton = (page: Page) => page.getByTestId('spin');

    await spinButton(a.page).click();
    await waitForWheelAttribute(a.page, 'data-state', 'spinning', 15_000);
    const [first] = await draws();
    expect(first).toBeDefined();

    // B does not know A's spin: it asks, and the server answers 409 spin_in_progress.
    await spinButton(b.page).click();
    await waitForSpinWait(b.page);
    expect(await wheelAttribute(b.page, 'data-state')).toBe('idle');
    expect(await spinButton(b.page).textContent()).toMatch(/^Wait \d+ s$/);
    expect(await spinButton(b.page).isDisabled()).toBe(true);
    expect(await wheelAttribute(b.page, 'data-connection')).toBe('online');

    // C has joined A's spin from its event: Space shows the wait until the landing, and asks nothing.
    await waitForWheelAttribute(c.page, 'data-state', 'spinning', 15_000);
    await c.page.keyboard.press('Space');
    await waitForSpinWait(c.page);
    expect(await spinButton(c.page).textContent()).toMatch(/^Wait \d+ s$/);
    expect((await draws()).map((draw) => draw.id)).toEqual([first!.id]);

    // A lands and reports it; B's wait runs out; then B's press draws.
    await runUntilAttribute(a.page, 'data-last-spin-id', first!.id, WAIT_LIMIT_MS);
    await expect.poll(async () => (await draws())[0]?.landedAt ?? null, { timeout: 15_000 }).not.toBeNull();
    await runUntilWheelAttribute(b.page, 'data-spin-wait', '', WAIT_LIMIT_MS);
    expect(await spinButton(b.page).textContent()).toBe('Spin');
    await spinButton(b.page).click();
    await waitForWheelAttribute(b.page, 'data-state', 'spinning', 15_000);
    expect(await draws()).toHaveLength(2);

    for (const { pageErrors } of [a, b, c]) expect(pageErrors).toEqual([]);
    for (const { context } of [a, b, c]) await context.close();
  });
});
