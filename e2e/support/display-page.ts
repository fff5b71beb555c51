import type { Browser, Page } from 'playwright-core';

const WHEEL = '[data-testid="wheel"]';

/** Waits until the wheel element carries the attribute value (a selector wait: no fixed sleeps). */
export async function waitForWheelAttribute(
  page: Page,
  name: string,
  value: string,
  timeoutMs = 30_000,
): Promise<void> {
  await page.locator(`${WHEEL}[${name}="${value}"]`).waitFor({ state: 'attached', timeout: timeoutMs });
}

const REAL_TIME_PER_STEP_MS = 500;

/**
 * Moves the page's clock forward in 1 s steps until the wheel carries the attribute value, at most
 * `limitMs` of page time; returns the page time spent. Requests sent in page time answer in real
 * time, so each step first gives them real time (waiting for the value) before moving the clock on:
 * a slow answer is neither timed out by a racing clock nor left with its next timer unreached.
 */
export async function runUntilWheelAttribute(
  page: Page,
  name: string,
  value: string,
  limitMs: number,
): Promise<number> {
  let spentMs = 0;
  for (;;) {
    try {
      await waitForWheelAttribute(page, name, value, REAL_TIME_PER_STEP_MS);
      return spentMs;
    } catch (error) {
      if (!(error instanceof Error && error.name === 'TimeoutError')) throw error;
    }
    if (spentMs >= limitMs) throw new Error(`${name} not ${value} after ${limitMs} ms of page time`);
    await page.clock.runFor(1_000);
    spentMs += 1_000;
  }
}

export async function wheelAttribute(page: Page, name: string): Promise<string | null> {
  return page.locator(WHEEL).getAttribute(name);
}

export async function wheelAttributes(page: Page): Promise<Record<string, string>> {
  return page.locator(WHEEL).evaluate((element) => {
    const out: Record<string, string> = {};
    for (const attribute of Array.from(element.attributes)) {
      if (attribute.name.startsWith('data-')) out[attribute.name] = attribute.value;
    }
    return out;
  });
}

/**
 * Opens the wheel page with Playwright's clock installed before navigation, waits for the wanted
 * state, then pauses the clock so the test moves time itself. Page errors are collected.
 */
export async function openWheelPage(
  browser: Browser,
  url: string,
  options: { waitForState?: string; canSpin?: boolean } = {},
): Promise<{ page: Page; pageErrors: Error[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const pageErrors: Error[] = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  await page.clock.install();
  await page.goto(url);
  await waitForWheelAttribute(page, 'data-state', options.waitForState ?? 'idle');
  if (options.canSpin !== undefined)
    await waitForWheelAttribute(page, 'data-can-spin', String(options.canSpin));
  await page.clock.pauseAt(Date.now() + 1_000);
  return { page, pageErrors };
}
