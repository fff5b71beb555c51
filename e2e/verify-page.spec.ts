// Verifiable draws, end to end: real draws on the real server in verifiable mode, the seed
// revealed, then the public /verify page recomputes every winner in Chromium and shows ✓ for each;
// a participant checks their ticket; a tampered seed turns the marks into ✗.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../src/core/index.ts';
import { launchBrowser } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

const DRAWS = 4;

let server: RunningServer;
let browser: Browser;
let cookie = '';

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  const signIn = await api('POST', '/api/admin/session', {
    username: 'admin',
    password: server.adminPassword,
  });
  cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function api(method: string, path: string, body?: unknown): Promise<Response> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      origin: server.url,
      ...(cookie ? { cookie } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response;
}

describe('the /verify page', () => {
  it('shows ✓ for every real verifiable draw, checks a ticket, and ✗ for a tampered seed', async () => {
    // Every draw on one version: "Remove winners" off (new wheels start with it on).
    await api('PUT', '/api/admin/wheels/default/draft/settings', { removeWinners: false });
    await api('POST', '/api/admin/wheels/default/publish', {});
    await api('PUT', '/api/admin/wheels/default/verifiable', { verifiable: true });
    const snapshot = (await (await api('GET', '/api/wheels/default/snapshot')).json()) as Snapshot;
    for (let i = 0; i < DRAWS; i++)
      await api('POST', '/api/wheels/default/spins', { version: snapshot.version });
    await api('POST', '/api/admin/wheels/default/verification/reveal', {});

    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(`${server.url}/verify/default`);
    await page.locator('main[data-state="ready"]').waitFor();
    const results = page.getByTestId('verify-result');
    expect(await results.count()).toBe(DRAWS);
    expect(await results.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-ok')))).toEqual(
      Array(DRAWS).fill('true'),
    );

    const ticket = snapshot.entries[0]!.ticket;
    await page.getByTestId('verify-ticket-input').fill(`  ${ticket.toLowerCase()} `);
    await page.getByTestId('verify-ticket-input').press('Enter');
    await expect.poll(() => page.getByTestId('verify-ticket-result').getAttribute('data-found')).toBe('true');
    await page.getByTestId('verify-ticket-input').fill('NO-SUCH-TICKET');
    await page.getByTestId('verify-ticket-input').press('Enter');
    await expect
      .poll(() => page.getByTestId('verify-ticket-result').getAttribute('data-found'))
      .toBe('false');

    // The same page against a forged answer: another seed than the one committed to.
    await page.route('**/api/wheels/default/verification', async (route) => {
      const body = (await (await route.fetch()).json()) as { epochs: Array<{ seed: string | null }> };
      body.epochs[0]!.seed = 'f'.repeat(64);
      await route.fulfill({ json: body });
    });
    await page.reload();
    await page.locator('main[data-state="ready"]').waitFor();
    expect(await results.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-ok')))).toEqual(
      Array(DRAWS).fill('false'),
    );
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
