// The organizer's path through the admin page in real Chromium, against the real server
// (in-process, SQLite in a tmp DATA_DIR, the built pages from dist/web).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from './support/app-server.ts';
import { launchBrowser } from './support/browser.ts';

const ADMIN_PASSWORD = 'secret-e2e-admin';

// Rows 3, 5 and 6 have errors; rows 2, 4 and 7 are valid (row numbers count the header as 1).
const LIST_WITH_ERRORS = [
  'ticket,name,weight,city',
  '0001,Ana Lima,1,Porto',
  '0002,,1,Lisboa',
  '0003,Bruno Reis,2,Braga',
  '0001,Carla Dias,1,Faro',
  '0004,Duarte Melo,abc,Evora',
  '0005,Eva Nunes,1,Coimbra',
].join('\n');

let server: AppServer;
let baseUrl: string;
let dataDir: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await startAppServer(ADMIN_PASSWORD, 'prizewheel-admin-e2e-');
  ({ url: baseUrl, dataDir } = server);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(async () => {
  context = await browser.newContext({ baseURL: baseUrl, acceptDownloads: true });
  page = await context.newPage();
});

afterEach(async () => {
  await context.close();
});

async function writeFixture(name: string, text: string): Promise<string> {
  const path = join(dataDir, name);
  await writeFile(path, text);
  return path;
}

async function logIn(): Promise<void> {
  await page.goto('/admin');
  await page.getByTestId('login-username').fill('admin');
  await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-version').waitFor();
}

async function openTab(name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true }).click();
}

async function draftTickets(): Promise<string[]> {
  return page
    .getByTestId('draft-table')
    .locator('tbody tr[data-ticket]')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-ticket') ?? ''));
}

describe('admin page', () => {
  it('refuses a wrong password and signs in with the right one', async () => {
    await page.goto('/admin');
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong username or password');
    // The message is for people: the internal code stays out of the text (kept as data for tests/tools).
    expect(await page.getByRole('alert').textContent()).not.toMatch(/invalid_credentials|\(\w+_\w+\)/);

    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('current-version').waitFor();
    expect(await page.getByTestId('current-version').textContent()).toBe('none');
    expect(new URL(page.url()).pathname).toBe('/admin/wheels/default/upload');

    // The session survives a reload; signing out shows the login form again.
    await page.reload();
    await page.getByTestId('current-version').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByTestId('login-submit').waitFor();
  });

  it('uploads a list with errors, imports the valid rows, previews and publishes', async () => {
    await logIn();
    await page.getByTestId('upload-input').setInputFiles(await writeFixture('list.csv', LIST_WITH_ERRORS));

    const report = page.getByTestId('report');
    await report.getByTestId('report-errors').waitFor();
    const groups = await report
      .locator('[data-error-code]')
      .evaluateAll((elements) => elements.map((element) => element.getAttribute('data-error-code')));
    expect(groups.sort()).toEqual(['duplicate_ticket', 'invalid_weight', 'missing_name']);
    expect(await report.locator('[data-error-code="duplicate_ticket"] tbody td').first().textContent()).toBe(
      '5',
    );
    // Each failing row shows its values next to the error, the offending cell marked.
    const rowCells = (code: string) =>
      report
        .locator(`[data-error-code="${code}"] tbody tr`)
        .first()
        .locator('td')
        .evaluateAll((cells) =>
          cells.map(
            (cell) => `${cell.textContent}${cell.hasAttribute('data-offending') ? ' [offending]' : ''}`,
          ),
        );
    expect(await rowCells('duplicate_ticket')).toEqual([
      '5',
      '0001 [offending]',
      'Carla Dias',
      '1',
      'Row 5: ticket 0001 already appears in row 2',
    ]);
    expect(await rowCells('invalid_weight')).toEqual([
      '6',
      '0004',
      'Duarte Melo',
      'abc [offending]',
      'Row 6: weight "abc" is not a number greater than 0',
    ]);
    expect(await rowCells('missing_name')).toEqual([
      '3',
      '0002',
      '(empty) [offending]',
      '1',
      'Row 3: name is empty',
    ]);

    // The filter narrows the table to one row.
    await report.getByRole('searchbox', { name: 'Filter errors' }).fill('6');
    await expect.poll(() => report.locator('tbody tr').count()).toBe(1);

    // A report with errors changes nothing until the organizer asks for the valid rows.
    const draftBefore = await page.request.get('/api/admin/wheels/default/draft');
    expect((await draftBefore.json()).entries).toEqual([]);
    const importValidRows = page.getByTestId('import-valid-rows');
    expect(await importValidRows.textContent()).toBe('Import the 3 valid rows');
    await importValidRows.click();
    await page.getByText('The draft now holds 3 entries').waitFor();

    await page.getByRole('button', { name: 'Review the draft' }).click();
    await page.getByTestId('draft-table').locator('tbody tr[data-ticket]').first().waitFor();
    expect(await draftTickets()).toEqual(['0001', '0003', '0005']);
    // Other columns are shown.
    expect(await page.getByTestId('draft-table').getByRole('columnheader', { name: 'city' }).count()).toBe(1);

    await openTab('Publish');
    const preview = page.getByTestId('publish-preview');
    await preview.waitFor();
    expect(await preview.locator('[data-change="added"]').textContent()).toBe('3');
    expect(await preview.locator('[data-change="removed"]').textContent()).toBe('0');
    await page.getByTestId('publish').click();
    await page.getByTestId('published-version').waitFor();
    expect(await page.getByTestId('published-version').textContent()).toBe('1');
    await expect.poll(() => page.getByTestId('current-version').textContent()).toBe('1');

    await openTab('History');
    await page.getByTestId('history').waitFor();
    expect(await page.getByTestId('history').locator('tbody tr').count()).toBe(1);
    expect(await page.getByTestId('history').locator('tbody tr').first().getAttribute('data-version')).toBe(
      '1',
    );
  });

  it('edits the draft, shows the server’s errors by row, and saves', async () => {
    await logIn();
    await openTab('Draft');
    await page.getByTestId('draft-table').locator('tbody tr[data-ticket]').first().waitFor();

    // A second 0001 is caught as it is typed: the form names the entry that has it and will not add.
    await page.getByRole('button', { name: 'Add entry' }).click();
    const form = page.getByRole('form', { name: 'Add entry' });
    await form.getByLabel('Ticket').fill('0001');
    await form
      .getByTestId('entry-ticket-problem')
      .getByText('Ticket already on the draft (entry 1)')
      .waitFor();
    expect(await form.getByRole('button', { name: 'Add' }).isDisabled()).toBe(true);

    // A weight of 0 gets past the form; the server refuses it and the row is marked.
    await form.getByLabel('Ticket').fill('0006');
    await form.getByLabel('Name').fill('Filipa Costa');
    await form.getByLabel('Weight').fill('0');
    await form.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.locator('tr.row-error[data-ticket="0006"]').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('Entry 4');

    // Fix it in place and save.
    await page.getByRole('button', { name: 'Entry 4' }).click();
    await page.locator('tr.row-error').getByRole('button', { name: 'Edit 0006' }).click();
    await page.getByRole('form', { name: 'Edit entry' }).getByLabel('Weight').fill('1');
    await page.getByRole('form', { name: 'Edit entry' }).getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('button', { name: 'Remove 0003' }).click();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft saved.').waitFor();
    const saved = await (await page.request.get('/api/admin/wheels/default/draft')).json();
    expect(saved.entries.map((entry: { ticket: string }) => entry.ticket)).toEqual(['0001', '0005', '0006']);

    // Search narrows the table.
    await page.getByRole('searchbox', { name: 'Search' }).fill('filipa');
    await expect.poll(draftTickets).toEqual(['0006']);

    // The preview lists what changed against version 1.
    await openTab('Publish');
    const preview = page.getByTestId('publish-preview');
    await preview.waitFor();
    expect(await preview.locator('[data-change="added"]').textContent()).toBe('1');
    expect(await preview.locator('[data-change="removed"]').textContent()).toBe('1');
  });

  it('asks before an upload replaces a draft edited by hand, and can add only the new tickets', async () => {
    await logIn();
    const late = await writeFixture('late.csv', 'ticket,name\n0006,Filipa Costa\n0007,Gil Reis\n');
    const draft = async () =>
      (
        (await (await page.request.get('/api/admin/wheels/default/draft')).json()) as {
          entries: { ticket: string }[];
        }
      ).entries.map((entry) => entry.ticket);
    const before = await draft();
    expect(before).toEqual(['0001', '0005', '0006']);

    // The previous test saved hand edits that were not published: the upload asks first.
    await page.getByTestId('upload-input').setInputFiles(late);
    const confirm = page.getByTestId('confirm-replace');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('edited by hand');
    await confirm.getByRole('button', { name: 'Keep the draft' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await draft()).toEqual(before);

    // Late registrations: only the file's new ticket is added, the hand edits stay.
    await page.getByTestId('upload-input').setInputFiles(late);
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Add its new tickets to the draft instead' }).click();
    await page.getByText('added to the draft').waitFor();
    expect(await draft()).toEqual(['0001', '0005', '0006', '0007']);
  });

  it('saves the pre-drawn plan and shows the draw it produced in the draw log', async () => {
    await logIn();
    await openTab('Pre-drawn');
    await page.getByText('always recorded as').waitFor();
    await page.getByTestId('plan-tickets').fill('0005\n\n 0001 \n');
    await page.getByTestId('plan-save').click();
    await page.getByText('Plan saved.').waitFor();
    await page.reload();
    await expect.poll(() => page.getByTestId('plan-tickets').inputValue()).toBe('0005\n0001');

    await openTab('Draws');
    await page.getByTestId('draws-table').getByText('No draws yet.').waitFor();
    const spin = await page.request.post('/api/wheels/default/spins', { data: { version: 1 } });
    expect(spin.status()).toBe(201);
    await page.getByRole('button', { name: 'Refresh' }).click();
    const row = page.getByTestId('draws-table').locator('tbody tr[data-mode]');
    await row.waitFor();
    expect(await row.getAttribute('data-mode')).toBe('predrawn');
    expect(await row.locator('td').nth(3).textContent()).toBe('0005');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download .csv' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('default-draws.csv');
    const csv = await readFile((await download.path()) ?? '', 'utf8');
    // The server's results (?format=csv): who won, the list's other columns (`city`; empty here:
    // "Remove winners" took the winner's row out of the draft), what happened, technical fields last.
    const [header = '', first = ''] = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(header.startsWith('Ticket,Name,city,Status,Void reason,Drawn at (')).toBe(true);
    expect(first).toMatch(/^0005,Eva Nunes,[^,]*,won,,[^,]+,admin,1,2,1,sha256:[0-9a-f]{64},predrawn,/);
  });

  it('keeps the draft table small in the DOM at 100,000 entries', async () => {
    const rowCount = 100_000;
    const lines = ['ticket,name'];
    for (let index = 1; index <= rowCount; index++)
      lines.push(`T${String(index).padStart(6, '0')},Person ${index}`);
    await logIn();
    await page.getByTestId('upload-input').setInputFiles(await writeFixture('big.csv', lines.join('\n')));
    await page.getByText('The draft now holds 100,000 entries').waitFor({ timeout: 120_000 });
    await page.getByTestId('report-ok').waitFor();

    await openTab('Draft');
    const table = page.getByTestId('draft-table');
    await table.locator('tbody tr[data-ticket]').first().waitFor();
    expect((await draftTickets()).length).toBeLessThan(100);

    await page.getByRole('searchbox', { name: 'Search' }).fill('T099999');
    await expect.poll(draftTickets).toEqual(['T099999']);
  });
});
