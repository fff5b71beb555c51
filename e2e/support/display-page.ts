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
