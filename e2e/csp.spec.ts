// The pages under the server's strict CSP in real Chromium: both load, run, and report zero CSP
// violations (no inline script or style; the confetti worker from blob: is allowed).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSolidPng } from '../src/server/test-support/test-images.ts';
import { launchBrowser } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Collects CSP violations (the page's own event and the console's report) from the first script on. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportCspViolation(text: string): void }).reportCspViolation(
        `${event.violatedDirective} ${event.blockedURI}`,
      );
    });
  });
  return violations;
}

describe('strict CSP in Chromium', () => {
  it(
    'the wheel page loads, draws and spins (confetti included) with zero violations',
    { timeout: 120_000 },
    async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const violations = await watchViolations(page);
      const response = await page.goto(`${server.url}/wheel/default`);
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      await page.locator('[data-testid="wheel"][data-state="idle"]').waitFor();
      await page.evaluate(async (password) => {
        await fetch('/api/admin/session', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password }),
        });
      }, server.adminPassword);
      await page.reload();
      await page.locator('[data-testid="wheel"][data-state="idle"]').waitFor();
      // The wheel's logo (img-src 'self' and blob:) and title, pushed to the open page.
      const saved = await page.evaluate(
        async (logo) => {
          const response = await fetch('/api/admin/wheels/default/appearance', {
            method: 'PUT',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ title: 'CSP check', logo }),
          });
          return response.status;
        },
        makeSolidPng(16, [40, 120, 200]).toString('base64'),
      );
      expect(saved).toBe(200);
      await page.locator('[data-testid="wheel"][data-logo="shown"]').waitFor();
      await page.clock.install();
      await page.keyboard.press('Space');
      await page.locator('[data-testid="wheel"][data-state="spinning"]').waitFor();
      await page.clock.runFor(20_000);
      await page.locator('[data-testid="wheel"][data-state="idle"]').waitFor();
      expect(violations).toEqual([]);
      await context.close();
    },
  );

  it('the admin page loads and signs in with zero violations', { timeout: 120_000 }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations = await watchViolations(page);
    await page.goto(`${server.url}/admin`);
    await page.locator('input[type="password"]').waitFor();
    await page.locator('input[autocomplete="username"], input[name="username"]').first().fill('admin');
    await page.locator('input[type="password"]').fill(server.adminPassword);
    await page.keyboard.press('Enter');
    await page
      .getByText(/publish/i)
      .first()
      .waitFor();
    expect(violations).toEqual([]);
    await context.close();
  });
});
