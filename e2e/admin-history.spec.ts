// Admin page in real Chromium: wheels, rejected files, settings, history (CSV download, restore),
// and the session ending. Real server in-process on a tmp DATA_DIR; the tests run in order and the
// last ones reuse the wheel `history` published by the test before them.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from './support/app-server.ts';
import { launchBrowser } from './support/browser.ts';

const ADMIN_PASSWORD = 'secret-e2e-admin';

let server: AppServer;
let baseUrl: string;
let dataDir: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await startAppServer(ADMIN_PASSWORD, 'prizewheel-admin-history-e2e-');
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

async function writeFixture(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dataDir, name);
  await writeFile(path, content);
  return path;
}

/** Signs in at `path` (any admin address) and waits for the header. */
async function logIn(path = '/admin'): Promise<void> {
  await page.goto(path);
  await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-version').waitFor();
}

async function createWheel(slug: string, title: string): Promise<void> {
  await page.getByRole('button', { name: 'New wheel' }).click();
  await page.getByLabel('Slug').fill(slug);
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(`**/admin/wheels/${slug}/upload`);
}

async function openTab(name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true }).click();
}

async function uploadAndPublish(fileName: string, csv: string): Promise<void> {
  await openTab('Upload');
  await page.getByTestId('upload-input').setInputFiles(await writeFixture(fileName, csv));
  await page.getByTestId('report-ok').waitFor();
  await openTab('Publish');
  await page.getByTestId('publish').click();
  await page.getByTestId('published-version').waitFor();
}

describe('admin page: wheels, settings and history', () => {
  it('creates a wheel, selects it, and links to its display', async () => {
    await logIn();
    await createWheel('gala', 'Gala 2026');
    expect(await page.getByTestId('current-version').textContent()).toBe('none');
    expect(await page.getByLabel('Wheel').inputValue()).toBe('gala');
    expect(await page.getByRole('link', { name: 'Open the wheel in a new tab ↗' }).getAttribute('href')).toBe(
      '/wheel/gala',
    );

    await page.getByLabel('Wheel').selectOption('default');
    await page.waitForURL('**/admin/wheels/default/upload');
  });

  it('shows a rejected file plainly and offers no import', async () => {
    await logIn();
    await page.getByTestId('upload-input').setInputFiles(await writeFixture('empty.csv', ''));
    const report = page.getByTestId('report');
    await report.waitFor();
    expect(await report.getByRole('alert').textContent()).toContain('The file was rejected');
    expect(await page.getByTestId('import-valid-rows').count()).toBe(0);
    expect(await page.getByTestId('report-ok').count()).toBe(0);
  });

  it('accepts a file dropped on the drop zone', async () => {
    await logIn();
    await createWheel('dropped', 'Dropped');
    const dataTransfer = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['ticket,name\nD-1,Dora Lopes\n'], 'dropped.csv', { type: 'text/csv' }));
      return transfer;
    });
    await page.getByText('Drop a file here, or').dispatchEvent('drop', { dataTransfer });
    await page.getByTestId('report-ok').waitFor();
    await page.getByText('The draft now holds 1 entry from dropped.csv.').waitFor();
  });

  it('shows a progress bar until the server has answered', async () => {
    await logIn('/admin/wheels/default/upload');
    let releaseImport = () => {};
    const importHeld = new Promise<void>((resolve) => (releaseImport = resolve));
    await page.route('**/draft/import', async (route) => {
      await importHeld;
      await route.continue();
    });
    await page
      .getByTestId('upload-input')
      .setInputFiles(await writeFixture('held.csv', 'ticket,name\nH-1,Hugo\n'));
    const progress = page.getByRole('progressbar');
    await progress.waitFor();
    expect(await page.getByTestId('report').count()).toBe(0);
    releaseImport();
    await page.getByTestId('report-ok').waitFor();
    expect(await progress.count()).toBe(0);
  });

  it('saves the spin settings into the draft', async () => {
    await logIn();
    await createWheel('settings', 'Settings');
    await openTab('Settings');
    await page.getByLabel('Spin duration (seconds)').fill('20');
    await page.getByLabel('Minimum turns').fill('3');
    await page.getByLabel('Maximum turns').fill('4');
    await page.getByLabel(/Remove winners/).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved into the draft; publish to use them on the wheel.').waitFor();
    const draft = await (await page.request.get('/api/admin/wheels/settings/draft')).json();
    expect(draft.settings).toEqual({
      spinDurationMs: 20_000,
      minRotations: 3,
      maxRotations: 4,
      removeWinners: true,
    });

    // Fewer maximum than minimum turns: refused before anything is sent.
    await page.getByLabel('Maximum turns').fill('2');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Maximum turns must be a whole number, at least the minimum.').waitFor();
  });

  it('downloads versions as neutralized CSV and restores one into the draft', async () => {
    await logIn();
    await createWheel('history', 'History');
    await uploadAndPublish('v1.csv', 'ticket,name\n0001,=HYPERLINK("http://x")\n0002,Bea Cruz\n');
    await uploadAndPublish('v2.csv', 'ticket,name\n0003,Caio Dias\n');
    await expect.poll(() => page.getByTestId('current-version').textContent()).toBe('2');

    await openTab('History');
    const history = page.getByTestId('history');
    await history.waitFor();
    expect(
      await history.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.dataset.version)),
    ).toEqual(['2', '1']);

    const version1 = history.locator('tr[data-version="1"]');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      version1.getByRole('button', { name: 'Download .csv' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('history-v1.csv');
    const csv = await readFile((await download.path()) ?? '', 'utf8');
    expect(csv).toBe(
      '\uFEFFticket,name,weight\r\n0001,"\'=HYPERLINK(""http://x"")",1\r\n0002,Bea Cruz,1\r\n',
    );

    // One action; the notice names the version it came from.
    await version1.getByRole('button', { name: 'Restore v1 into the draft' }).click();
    await page.getByText('Restored from v1: the draft now holds its 2 entries.').waitFor();
    await page.getByRole('button', { name: 'Review the draft' }).click();
    await page.waitForURL('**/admin/wheels/history/draft');
    await page.getByTestId('draft-table').locator('tbody tr[data-ticket]').first().waitFor();
    expect(
      await page
        .getByTestId('draft-table')
        .locator('tbody tr[data-ticket]')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-ticket'))),
    ).toEqual(['0001', '0002']);
  });

  it('warns about pre-drawn tickets that are not on the published wheel', async () => {
    await logIn('/admin/wheels/history/plan');
    await page.getByTestId('plan-tickets').fill('0003\n9999\n0003');
    await page.getByText('Not in the published version 2: 9999').waitFor();
    await page.getByText('Listed more than once: 0003').waitFor();
  });

  it('asks before leaving unsaved draft edits', async () => {
    await logIn('/admin/wheels/history/draft');
    await page.getByRole('button', { name: 'Remove 0002' }).click();
    const questions: string[] = [];
    page.once('dialog', (dialog) => {
      questions.push(dialog.message());
      void dialog.dismiss();
    });
    await openTab('Publish');
    await expect.poll(() => questions).toEqual(['The draft has unsaved changes. Leave without saving them?']);
    expect(new URL(page.url()).pathname).toBe('/admin/wheels/history/draft');
    expect(await page.getByRole('button', { name: 'Remove 0002' }).count()).toBe(0);

    page.once('dialog', (dialog) => void dialog.accept());
    await openTab('Publish');
    await page.getByTestId('publish-preview').waitFor();
    // Nothing was saved: the draft still holds version 1's two entries.
    const draft = await (await page.request.get('/api/admin/wheels/history/draft')).json();
    expect(draft.entries.map((entry: { ticket: string }) => entry.ticket)).toEqual(['0001', '0002']);
  });

  it('shows the login form again when the session ends, and returns to the same place', async () => {
    await logIn('/admin/wheels/history/draws');
    await page.getByTestId('draws-table').waitFor();
    await context.clearCookies();
    await openTab('History');
    await page.getByTestId('login-submit').waitFor();
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('history').waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/wheels/history/history');
  });
});
