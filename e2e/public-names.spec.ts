// Privacy by surface in real Chromium against the real app (issue #19 req. 3): with
// settings.publicNames `masked`, the presenter's wheel page (a presenter link's key) reveals the
// winner's full name from its own spin answer, while an audience page on the same wheel reveals
// only the masked form ("Vera Q.") and never receives the full name.
import { request, type APIRequestContext, type APIResponse, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from './support/app-server.ts';
import { launchBrowser } from './support/browser.ts';
import { openWheelPage, runUntilWheelAttribute } from './support/display-page.ts';

const ADMIN_PASSWORD = 'secret-e2e-public-names';
const SLUG = 'gala';
const CANARY = { ticket: '0099', name: 'Vera Q7xzk9canary', weight: 1 };
const MASKED = 'Vera Q.';
const SPIN_PAGE_TIME_LIMIT_MS = 30_000;

let server: AppServer;
let browser: Browser;
let admin: APIRequestContext;
let presenterKey = '';

async function api(method: string, path: string, body?: unknown): Promise<APIResponse> {
  const response = await admin.fetch(path, { method, ...(body === undefined ? {} : { data: body }) });
  if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
  return response;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startAppServer(ADMIN_PASSWORD, 'prizewheel-public-names-e2e-'),
    launchBrowser(),
  ]);
  admin = await request.newContext({ baseURL: server.url, extraHTTPHeaders: { origin: server.url } });
  await api('POST', '/api/admin/session', { username: 'admin', password: ADMIN_PASSWORD });
  await api('POST', '/api/admin/wheels', { slug: SLUG, title: 'Gala' });
  const entries = Array.from({ length: 11 }, (_, i) => ({
    ticket: String(i + 1).padStart(4, '0'),
    name: `Guest Number${i + 1}`,
    weight: 1,
  }));
  await api('PUT', `/api/admin/wheels/${SLUG}/draft/entries`, { entries: [...entries, CANARY] });
  await api('PUT', `/api/admin/wheels/${SLUG}/draft/settings`, {
    publicNames: 'masked',
    removeWinners: false,
    spinDurationMs: 3_000,
  });
  await api('POST', `/api/admin/wheels/${SLUG}/publish`, {});
  await api('PUT', `/api/admin/wheels/${SLUG}/plan`, { tickets: [CANARY.ticket] });
  const created = (await (
    await api('POST', `/api/admin/wheels/${SLUG}/presenter-keys`, { label: 'stage' })
  ).json()) as { key: string };
  presenterKey = created.key;
}, 60_000);

afterAll(async () => {
  await admin?.dispose();
  await browser?.close();
  await server?.close();
});

describe('names the public sees: masked', () => {
  it('the presenter’s page reveals the full name, the audience page only the masked one', async () => {
    const audience = await openWheelPage(browser, `${server.url}/wheel/${SLUG}`, { canSpin: false });
    const presenter = await openWheelPage(
      browser,
      `${server.url}/wheel/${SLUG}?key=${encodeURIComponent(presenterKey)}`,
      { canSpin: true },
    );
    const audienceBodies: string[] = [];
    audience.page.on('response', (response) => {
      void response.text().then(
        (text) => audienceBodies.push(text),
        () => undefined,
      );
    });

    await presenter.page.locator('[data-testid="spin"]').click();
    await runUntilWheelAttribute(presenter.page, 'data-last-winner', CANARY.ticket, SPIN_PAGE_TIME_LIMIT_MS);
    await runUntilWheelAttribute(audience.page, 'data-last-winner', CANARY.ticket, SPIN_PAGE_TIME_LIMIT_MS);

    expect(await presenter.page.locator('#reveal-name').textContent()).toBe(CANARY.name);
    expect(await audience.page.locator('#reveal-name').textContent()).toBe(MASKED);
    expect(await audience.page.locator('#announcer').textContent()).toContain(MASKED);
    expect(await audience.page.content()).not.toContain('Q7xzk9');
    expect(audienceBodies.join('\n')).not.toContain('Q7xzk9');
    expect(presenter.pageErrors).toEqual([]);
    expect(audience.pageErrors).toEqual([]);
  }, 90_000);
});
