import type { Page } from 'playwright-core';

const WHEEL = '[data-testid="wheel"]';

/** Waits until the wheel element carries the attribute value (a selector wait: no fixed sleeps). */
export async function waitForWheelAttribute(
  page: Page,
  name: string,
  value: string,
  timeoutMs = 15_000,
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
