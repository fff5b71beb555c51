// Admin page in real Chromium, second pass: the audit log (filters, load more, hash chain), voiding
// a draw, draw and version downloads as .xlsx, and verifiable mode (toggle, commitment, reveal,
// plans disabled). Real server in-process on a tmp DATA_DIR; each test uses its own wheel.
import * as XLSX from '@e965/xlsx';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from './support/app-server.ts';
import { launchBrowser } from './support/browser.ts';

const ADMIN_PASSWORD = 'secret-e2e-integrity';

let server: AppServer;
let baseUrl: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** The admin session, signed in once: each test's context starts signed in. */
let signedIn: Awaited<ReturnType<BrowserContext['storageState']>>;

beforeAll(async () => {
  server = await startAppServer(ADMIN_PASSWORD, 'prizewheel-admin-integrity-e2e-');
  baseUrl = server.url;
  browser = await launchBrowser();
  const signInContext = await browser.newContext({ baseURL: baseUrl });
  const signIn = await signInContext.request.post('/api/admin/session', {
    data: { username: 'admin', password: ADMIN_PASSWORD },
  });
  expect(signIn.status()).toBe(200);
  signedIn = await signInContext.storageState();
  await signInContext.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(async () => {
  context = await browser.newContext({ baseURL: baseUrl, acceptDownloads: true, storageState: signedIn });
  page = await context.newPage();
});

afterEach(async () => {
  await context.close();
});

/** Opens an admin address (already signed in) and waits for the header. */
async function openAdmin(path: string): Promise<void> {
  await page.goto(path);
  await page.getByTestId('current-version').waitFor();
}

/** Through the API with the page's session: a wheel with a published version. */
async function createPublishedWheel(slug: string, entries: Array<{ ticket: string; name: string }>) {
  expect((await page.request.post('/api/admin/wheels', { data: { slug, title: slug } })).status()).toBe(201);
  const put = await page.request.put(`/api/admin/wheels/${slug}/draft/entries`, {
    data: { entries: entries.map((entry) => ({ ...entry, weight: 1 })) },
  });
  expect(put.status()).toBe(200);
  const keepWinners = { data: { removeWinners: false } }; // these cases draw again on one version
  expect((await page.request.put(`/api/admin/wheels/${slug}/draft/settings`, keepWinners)).status()).toBe(
    200,
  );
  const publish = await page.request.post(`/api/admin/wheels/${slug}/publish`, { data: {} });
  expect(publish.status()).toBe(201);
  return ((await publish.json()) as { version: number }).version;
}

/** A spin and its landing report, as a presenter's screen makes them (the wheel then takes the next). */
async function spin(slug: string, version: number): Promise<{ id: string; ticket: string }> {
  const response = await page.request.post(`/api/wheels/${slug}/spins`, { data: { version } });
  expect(response.status()).toBe(201);
  const plan = (await response.json()) as {
    id: string;
    ticket: string;
    targetIndex: number;
    durationMs: number;
  };
  const landed = await page.request.post(`/api/wheels/${slug}/spins/${plan.id}/landed`, {
    data: { landedIndex: plan.targetIndex, durationMs: plan.durationMs },
  });
  expect(landed.status()).toBe(204);
  return plan;
}

function readSheetRows(bytes: Buffer): string[][] {
  const workbook = XLSX.read(bytes, { type: 'buffer' });
  const sheet = workbook.Sheets[workbook.SheetNames[0] ?? ''];
  if (!sheet) throw new Error('no sheet');
  return XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1, raw: false });
}

async function downloaded(download: Download): Promise<Buffer> {
  return readFile((await download.path()) ?? '');
}

describe('admin page: audit log, void, downloads, verifiable mode', () => {
  it('lists audit events with filters, hash-linked short hashes, and load more', async () => {
    await createPublishedWheel('audited', [{ ticket: '0001', name: 'Ana' }]);
    // 55 plan saves: more than one page of 50 events for this wheel.
    const saves = await Promise.all(
      Array.from({ length: 55 }, () =>
        page.request.put('/api/admin/wheels/audited/plan', { data: { tickets: [] } }),
      ),
    );
    expect(saves.map((saved) => saved.status())).toEqual(Array(55).fill(200));

    await openAdmin('/admin/wheels/audited/audit');
    const table = page.getByTestId('audit-table');
    const rows = table.locator('tbody tr[data-event-id]');
    await expect.poll(() => rows.count()).toBe(50);
    // Unfiltered for this wheel the events are consecutive in the chain: every row links to the next.
    const chain = await rows.evaluateAll((list) => list.map((row) => row.getAttribute('data-chain')));
    expect(chain.slice(0, 49).every((link) => link === 'linked')).toBe(true);
    const firstRow = rows.first();
    expect(await firstRow.locator('code.checksum-short').first().textContent()).toMatch(/^[0-9a-f]{10}$/);

    await page.getByRole('button', { name: 'Load more' }).click();
    // 55 plan saves + create_wheel, edit_entries, the settings edit, publish.
    await expect.poll(() => rows.count()).toBe(59);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);

    await page.getByRole('form', { name: 'Filters' }).getByLabel('Action').fill('publish');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-action')).toBe('publish');
    expect(await rows.first().textContent()).toContain('audited');

    await page.getByRole('form', { name: 'Filters' }).getByLabel('Action').fill('');
    await page.getByRole('form', { name: 'Filters' }).getByLabel('Actor').fill('nobody');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await table.getByText('No events match.').waitFor();
  });

  it('voids a draw with a reason and shows it struck through; downloads draws as .xlsx', async () => {
    const version = await createPublishedWheel('voiding', [
      { ticket: '00042', name: 'Ana Lima' },
      { ticket: '00043', name: 'Bea Cruz' },
    ]);
    const first = await spin('voiding', version);
    await spin('voiding', version);

    await openAdmin('/admin/wheels/voiding/draws');
    const row = page.getByTestId('draws-table').locator(`tr[data-draw-id="${first.id}"]`);
    await row.getByTestId('draw-void').click();
    const confirm = page.getByRole('button', { name: new RegExp(`^Void draw #1 \\(${first.ticket}\\)`) });
    expect(await confirm.isDisabled()).toBe(true); // a reason is required
    await page.getByLabel('Reason').fill('Pressed twice by mistake');
    await confirm.click();
    await expect.poll(() => row.getAttribute('data-voided')).toBe('true');
    expect(await row.textContent()).toContain('Pressed twice by mistake');
    expect(
      await row
        .locator('.struck')
        .first()
        .evaluate((cell) => getComputedStyle(cell).textDecorationLine),
    ).toBe('line-through');
    expect(await row.getByTestId('draw-void').count()).toBe(0);
    expect(
      await page
        .getByTestId('draws-table')
        .locator('tr[data-voided="false"]')
        .getByTestId('draw-void')
        .count(),
    ).toBe(1);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download .xlsx' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('voiding-draws.xlsx');
    const sheetRows = readSheetRows(await downloaded(download));
    const header = sheetRows[0] ?? [];
    const ticketColumn = header.indexOf('Ticket');
    const reasonColumn = header.indexOf('Void reason');
    expect(sheetRows[1]?.[ticketColumn]).toBe(first.ticket);
    expect(sheetRows[1]?.[reasonColumn]).toBe('Pressed twice by mistake');

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download .csv' }).click(),
    ]);
    expect(csv.suggestedFilename()).toBe('voiding-draws.csv');
  });

  it('downloads a published version and the draft as .xlsx with tickets kept as text', async () => {
    await createPublishedWheel('sheets', [
      { ticket: '00042', name: '=cmd' },
      { ticket: '00007', name: 'Caio Dias' },
    ]);
    await openAdmin('/admin/wheels/sheets/history');
    const [version] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByTestId('history')
        .locator('tr[data-version="1"]')
        .getByRole('button', { name: 'Download .xlsx' })
        .click(),
    ]);
    expect(version.suggestedFilename()).toBe('sheets-v1.xlsx');
    expect(readSheetRows(await downloaded(version))).toEqual([
      ['ticket', 'name', 'weight'],
      ['00042', "'=cmd", '1'],
      ['00007', 'Caio Dias', '1'],
    ]);

    await openAdmin('/admin/wheels/sheets/draft');
    await page.getByTestId('draft-table').waitFor();
    const [draft] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download .xlsx' }).click(),
    ]);
    expect(draft.suggestedFilename()).toBe('sheets-draft.xlsx');
    expect(readSheetRows(await downloaded(draft))[1]).toEqual(['00042', "'=cmd", '1']);
  });

  it('turns verifiable mode on, shows the commitment, takes the witness, disables the plan, and reveals the seed', async () => {
    await createPublishedWheel('fair', [{ ticket: 'A-1', name: 'Ana' }]);
    await openAdmin('/admin/wheels/fair/settings');
    const toggle = page.getByTestId('verifiable-toggle');
    expect(await toggle.isChecked()).toBe(false);
    // The toggle is controlled by the server's answer, so it flips after the request: click, then wait
    // (Playwright's check() insists on a synchronous flip).
    await toggle.click();
    await expect.poll(() => toggle.isChecked()).toBe(true);
    const commitment = page.getByTestId('verification-commitment');
    await commitment.waitFor();
    const published = (await (await page.request.get('/api/wheels/fair/verification')).json()) as {
      mode: string;
      commitment: string;
    };
    expect(published.mode).toBe('verifiable');
    expect(await commitment.textContent()).toBe(published.commitment);
    expect(await page.getByRole('link', { name: /\/verify\/fair/ }).getAttribute('href')).toBe(
      '/verify/fair',
    );

    // The witness entropy, typed after the commitment is public: recorded once, then shown.
    await page.getByTestId('witness-entropy').fill('notary rolled 5 2 6');
    await page.getByRole('button', { name: 'Record witness' }).click();
    await expect
      .poll(() => page.getByTestId('verification-witness').textContent())
      .toContain('notary rolled 5 2 6');
    expect(await page.getByTestId('witness-entropy').count()).toBe(0);
    const witnessed = (await (await page.request.get('/api/wheels/fair/verification')).json()) as {
      epochs: Array<{ witness: string | null }>;
    };
    expect(witnessed.epochs[0]?.witness).toBe('notary rolled 5 2 6');

    await page.getByRole('button', { name: 'Reveal seed…' }).click();
    await page.getByRole('button', { name: 'Reveal the seed now' }).click();
    await page.getByText('Seed revealed:').waitFor();
    const afterReveal = (await (await page.request.get('/api/wheels/fair/verification')).json()) as {
      epochs: Array<{ commitment: string; seed: string | null }>;
    };
    expect(afterReveal.epochs[0]).toMatchObject({ commitment: published.commitment });
    expect(afterReveal.epochs[0]?.seed).toMatch(/^[0-9a-f]+$/);

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Pre-drawn' }).click();
    await page.getByTestId('plan-disabled').waitFor();
    expect(await page.getByTestId('plan-tickets').isDisabled()).toBe(true);
    expect(await page.getByTestId('plan-save').isDisabled()).toBe(true);

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByTestId('verifiable-toggle').click();
    await expect.poll(() => page.getByTestId('verifiable-toggle').isChecked()).toBe(false);
    await expect
      .poll(
        async () =>
          ((await (await page.request.get('/api/wheels/fair/verification')).json()) as { mode: string }).mode,
      )
      .toBe('standard');
  });
});
