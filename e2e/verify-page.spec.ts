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
  it('shows ✓ for every real verifiable draw (a void and its redraw marked), checks a ticket, and ✗ for a tampered seed or a draw not drawn from the seed', async () => {
    // Every draw on one version: "Remove winners" off (new wheels start with it on).
    await api('PUT', '/api/admin/wheels/default/draft/settings', { removeWinners: false });
    await api('POST', '/api/admin/wheels/default/publish', {});
    await api('PUT', '/api/admin/wheels/default/verifiable', { verifiable: true });
    await api('PUT', '/api/admin/wheels/default/verification/witness', { entropy: 'dice: 6 1 4 4 2' });
    const snapshot = (await (await api('GET', '/api/wheels/default/snapshot')).json()) as Snapshot;
    // Each spin lands as a presenter's screen reports it: the wheel takes the next spin at once.
    const spin = async () => {
      const answer = await api('POST', '/api/wheels/default/spins', { version: snapshot.version });
      const plan = (await answer.json()) as { id: string; targetIndex: number; durationMs: number };
      await api('POST', `/api/wheels/default/spins/${plan.id}/landed`, {
        landedIndex: plan.targetIndex,
        durationMs: plan.durationMs,
      });
      return plan;
    };
    await spin();
    const voided = await spin();
    // Draw 2 is voided; draw 3 replaces it: the page shows both, marked as such.
    await api('POST', `/api/admin/wheels/default/draws/${voided.id}/void`, { reason: 'winner absent' });
    for (let i = 2; i < DRAWS; i++) await spin();
    await api('POST', '/api/admin/wheels/default/verification/reveal', {});

    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(`${server.url}/verify/default`);
    await page.locator('main[data-state="ready"]').waitFor();
    // The key that signs the certificates, with its fingerprint (issue #19 req. 1).
    const signingKey = (await (await api('GET', '/api/signing-key')).json()) as { fingerprint: string };
    await page.getByTestId('signing-key-fingerprint').filter({ hasText: signingKey.fingerprint }).waitFor();
    const results = page.getByTestId('verify-result');
    expect(await results.count()).toBe(DRAWS);
    expect(await results.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-ok')))).toEqual(
      Array(DRAWS).fill('true'),
    );
    expect(
      await results.evaluateAll((rows) =>
        rows.map((row) => [row.getAttribute('data-voided'), row.getAttribute('data-redraw-of')]),
      ),
    ).toEqual([
      ['false', null],
      ['true', null],
      ['false', '2'],
      ['false', null],
    ]);
    expect(await results.nth(1).textContent()).toContain('VOIDED');
    expect(await results.nth(2).textContent()).toContain('redraw of #2');
    expect(await page.getByTestId('verify-epoch').first().textContent()).toContain('dice: 6 1 4 4 2');

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

    // A draw listed as not drawn from the seed (pre-drawn, offline) fails, even with a true winner.
    await page.unroute('**/api/wheels/default/verification');
    await page.route('**/api/wheels/default/verification', async (route) => {
      const body = (await (await route.fetch()).json()) as { draws: Array<{ derived: boolean }> };
      body.draws[0]!.derived = false;
      await route.fulfill({ json: body });
    });
    await page.reload();
    await page.locator('main[data-state="ready"]').waitFor();
    expect(await results.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-status')))).toEqual([
      'failed',
      'verified',
      'verified',
      'verified',
    ]);
    expect(await results.first().textContent()).toContain('not drawn from the seed');
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});

describe('the wheel page of a verifiable wheel', () => {
  it('shows the open commitment before any draw and the next one as soon as a seed is revealed', async () => {
    const open = (await (await api('GET', '/api/wheels/default/verification')).json()) as {
      commitment: string;
    };
    const page = await browser.newPage();
    await page.goto(`${server.url}/wheel/default`);
    const commitment = page.getByTestId('commitment');
    await expect.poll(() => commitment.getAttribute('data-commitment')).toBe(open.commitment);
    expect(await commitment.textContent()).toBe(
      `Commitment ${open.commitment.slice(0, 8)}…${open.commitment.slice(-8)}`,
    );
    expect(await commitment.isVisible()).toBe(true);

    await api('POST', '/api/admin/wheels/default/verification/reveal', {});
    const next = (await (await api('GET', '/api/wheels/default/verification')).json()) as {
      commitment: string;
    };
    expect(next.commitment).not.toBe(open.commitment);
    await expect.poll(() => commitment.getAttribute('data-commitment')).toBe(next.commitment);

    await api('PUT', '/api/admin/wheels/default/verifiable', { verifiable: false });
    await expect.poll(() => commitment.isHidden()).toBe(true);
    await page.close();
  });
});
