// Issue 2's whole draw, end to end, in real Chromium against the real server process:
// log in, upload a CSV, publish, open the wheel, press Space, and check that the winner on
// screen is the one in the draw log and the entry under the rendered pointer.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArcs, indexAt, type Snapshot } from '../src/core/index.ts';
import { launchBrowser } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

function participantsCsv(count: number): string {
  const lines = ['Ticket;Full name;Chance'];
  for (let i = 1; i <= count; i++)
    lines.push(`T-${String(i).padStart(4, '0')};Participant ${i};${i % 5 === 0 ? 3 : 1}`);
  return lines.join('\r\n') + '\r\n';
}

describe('one whole draw', () => {
  it('publishes an uploaded list and lands the wheel on the recorded winner', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const pageErrors: string[] = [];
    context.on('weberror', (e) => pageErrors.push(String(e.error())));

    // The organizer logs in and uploads a list.
    const admin = await context.newPage();
    await admin.goto(`${server.url}/admin`);
    await admin.getByTestId('login-username').fill('admin');
    await admin.getByTestId('login-password').fill(server.adminPassword);
    await admin.getByTestId('login-submit').click();
    const file = join(mkdtempSync(join(tmpdir(), 'prizewheel-list-')), 'participants.csv');
    writeFileSync(file, participantsCsv(120));
    await admin.getByTestId('upload-input').setInputFiles(file);
    await admin.getByTestId('report-ok').waitFor();

    // "Remove winners" off (new wheels start with it on): the checks below read the drawn version 2
    // while the page keeps showing it.
    const keepWinners = await context.request.put(`${server.url}/api/admin/wheels/default/draft/settings`, {
      data: { removeWinners: false },
    });
    expect(keepWinners.status()).toBe(200);
    // Publishes it: the demo wheel was version 1, so this is version 2.
    await admin
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Publish', exact: true })
      .click();
    await admin.getByTestId('publish-preview').waitFor();
    await admin.getByTestId('publish').click();
    await expect.poll(() => admin.getByTestId('published-version').textContent()).toContain('2');

    // The presenter's screen (same browser, so the admin session gives presenter rights).
    const wheelPage = await context.newPage();
    await wheelPage.goto(`${server.url}/wheel/default`);
    const wheel = wheelPage.getByTestId('wheel');
    await expect.poll(() => wheel.getAttribute('data-version'), { timeout: 15_000 }).toBe('2');
    expect(await wheel.getAttribute('data-entry-count')).toBe('120');
    expect(await wheel.getAttribute('data-state')).toBe('idle');

    await wheelPage.keyboard.press('Space');
    await expect.poll(() => wheel.getAttribute('data-state')).toBe('spinning');
    await wheelPage
      .locator('[data-testid="wheel"][data-state="idle"][data-last-spin-id]:not([data-last-spin-id=""])')
      .waitFor({ timeout: 30_000 });

    const winner = await wheel.getAttribute('data-last-winner');
    const spinId = await wheel.getAttribute('data-last-spin-id');
    const rotation = Number(await wheel.getAttribute('data-rotation'));

    // The draw log recorded this spin before the wheel turned, with this winner.
    const drawsResponse = await context.request.get(`${server.url}/api/admin/wheels/default/draws`);
    expect(drawsResponse.status()).toBe(200);
    const { draws } = (await drawsResponse.json()) as { draws: Array<Record<string, unknown>> };
    const draw = draws.find((d) => d.id === spinId);
    expect(draw).toBeDefined();
    expect(draw?.ticket).toBe(winner);
    expect(draw?.version).toBe(2);
    expect(draw?.mode).toBe('random');

    // The entry under the rendered pointer is the winner.
    const snapshot = (await (
      await context.request.get(`${server.url}/api/wheels/default/snapshots/2`)
    ).json()) as Snapshot;
    const arcs = buildArcs(snapshot.entries.map((e) => e.weight));
    const underPointer = indexAt(arcs, rotation);
    expect(underPointer).toBe(draw?.targetIndex);
    expect(snapshot.entries[underPointer]?.ticket).toBe(winner);
    expect(await wheel.getAttribute('data-pointer-index')).toBe(String(underPointer));

    // The display reported what it showed.
    await expect
      .poll(async () => {
        const again = (await (
          await context.request.get(`${server.url}/api/admin/wheels/default/draws`)
        ).json()) as {
          draws: Array<Record<string, unknown>>;
        };
        return again.draws.find((d) => d.id === spinId)?.landedIndex;
      })
      .toBe(draw?.targetIndex);

    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
