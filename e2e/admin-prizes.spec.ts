// The organizer's prizes in real Chromium against the real server: import a prize sheet (a real
// .xlsx written by exceljs), add two prizes by hand (one with an image; a too-large image is
// refused with its limit), reorder with the keyboard, save, publish, and the published snapshot
// holds the prizes in that order. Then rehearsal: started in Settings, a banner on every tab, and
// "Go live" is one confirmed action.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../src/core/index.ts';
import { makeSolidPng } from '../src/server/test-support/test-images.ts';
import { startAppServer, type AppServer } from './support/app-server.ts';
import { launchBrowser } from './support/browser.ts';

const ADMIN_PASSWORD = 'secret-e2e-prizes';

let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  server = await startAppServer(ADMIN_PASSWORD, 'prizewheel-admin-prizes-');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function writePrizeSheet(path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Prizes');
  sheet.addRow(['name', 'quantity', 'sponsor', 'groups', 'allow previous winners', 'batch size', 'reserves']);
  sheet.addRow(['Coffee mug', 50, 'Acme', '', 'no', 10, 2]);
  sheet.addRow(['Team lunch', 1, '', 'Staff; Sales', 'no', 1, 1]);
  await workbook.xlsx.writeFile(path);
}

async function logIn(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.getByTestId('login-username').fill('admin');
  await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
  await page.getByTestId('login-submit').click();
}

async function showTab(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true }).click();
}

async function addPrize(page: Page, fill: (form: ReturnType<Page['getByRole']>) => Promise<void>) {
  await page.getByRole('button', { name: 'Add prize' }).click();
  const form = page.getByRole('form', { name: 'Add prize' });
  await fill(form);
  await form.getByRole('button', { name: 'Add', exact: true }).click();
  await form.waitFor({ state: 'detached' });
}

describe('Prizes tab', () => {
  it(
    'imports a sheet, adds two prizes with an image, reorders, saves and publishes them in order',
    { timeout: 180_000 },
    async () => {
      const listPath = join(server.dataDir, 'people.csv');
      await writeFile(
        listPath,
        [
          'ticket,name,email,department',
          '001,Ana Lima,ana@example.org,Staff',
          '002,Ana Lima,ana@example.org,Staff',
          '003,Bruno Reis,bruno@example.org,Sales',
          '004,Carla Dias,,Guests',
        ].join('\n'),
      );
      const sheetPath = join(server.dataDir, 'prizes.xlsx');
      await writePrizeSheet(sheetPath);
      const imagePath = join(server.dataDir, 'prize.png');
      await writeFile(imagePath, makeSolidPng(64, [200, 40, 40]));
      const hugePath = join(server.dataDir, 'huge.png');
      await writeFile(hugePath, makeSolidPng(64, [0, 0, 0], 600 * 1024));

      const context = await browser.newContext({ baseURL: server.url });
      const page = await context.newPage();
      await logIn(page, '/admin');

      // A list with persons (one holds two tickets) and groups: its report counts them.
      await page.getByTestId('upload-input').setInputFiles(listPath);
      await page.getByTestId('report-ok').waitFor();
      expect(await page.getByTestId('report-persons').textContent()).toBe('3');
      expect(await page.getByTestId('report-groups').textContent()).toContain('Staff (2)');
      expect(await page.getByTestId('sample-participants').getAttribute('href')).toBe(
        '/samples/participants.csv',
      );

      await showTab(page, 'Prizes');
      const panel = page.getByTestId('prizes-panel');
      await panel
        .getByText('Prizes are published with the list: publish to put changes on the screens.')
        .waitFor();
      expect(await panel.getByTestId('sample-prizes').getAttribute('href')).toBe('/samples/prizes.csv');

      // The sheet: its report, and the draft holds its two prizes.
      await panel.getByTestId('prize-sheet-input').setInputFiles(sheetPath);
      await page.getByTestId('report-ok').waitFor();
      await page.getByText('The draft now holds 2 prizes from prizes.xlsx.').waitFor();
      await expect.poll(() => panel.getByTestId('prize-item').count()).toBe(2);

      // By hand: a grand prize with an image (a too-large one is refused first), and a voucher.
      await addPrize(page, async (form) => {
        await form.getByLabel('Name', { exact: true }).fill('Grand prize: a bicycle');
        await form.getByLabel('Quantity (winners in all)').fill('1');
        await form.getByLabel('Sponsor').fill('Velo & Co');
        await form.getByLabel('Choose a prize image').setInputFiles(hugePath);
        await form.getByText('prize images may be at most 512 KB').waitFor();
        await form.getByLabel('Choose a prize image').setInputFiles(imagePath);
        await form.getByTestId('prize-image-preview').locator('img').waitFor();
        await form.getByLabel('Previous winners may win it too (else one prize per person)').check();
      });
      await addPrize(page, async (form) => {
        await form.getByLabel('Name', { exact: true }).fill('Book voucher');
        await form.getByLabel('Quantity (winners in all)').fill('5');
        await form.getByLabel('Winners per draw (batch size)').fill('5');
      });
      await expect.poll(() => panel.getByTestId('prize-item').count()).toBe(4);

      // Running order by keyboard: the grand prize moves up twice to the top, focus staying on it.
      const grandUp = page.getByRole('button', { name: 'Move Grand prize: a bicycle up' });
      await grandUp.focus();
      await page.keyboard.press('Enter');
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
        .toBe('Move Grand prize: a bicycle up');
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Move Coffee mug down' }).click();
      const expected = ['Grand prize: a bicycle', 'Team lunch', 'Coffee mug', 'Book voucher'];
      const names = () =>
        panel
          .getByTestId('prize-item')
          .evaluateAll((items) => items.map((item) => item.getAttribute('data-prize-name')));
      expect(await names()).toEqual(expected);

      await page.getByRole('button', { name: 'Save prizes' }).click();
      await page.getByText('Prizes saved into the draft. Publish to show them.').waitFor();
      expect(await names()).toEqual(expected);

      await showTab(page, 'Publish');
      expect(await page.getByTestId('publish-prize-changes').textContent()).toContain(
        'Prizes: 4 added, 0 removed, 0 changed.',
      );
      await page.getByTestId('publish').click();
      await page.getByTestId('published-version').waitFor();

      const snapshot = (await (await fetch(`${server.url}/api/wheels/default/snapshot`)).json()) as Snapshot;
      const prizes = snapshot.prizes ?? [];
      expect(prizes.map((prize) => prize.name)).toEqual(expected);
      expect(prizes[0]).toMatchObject({
        id: 'grand-prize-a-bicycle',
        sponsor: 'Velo & Co',
        quantity: 1,
        allowPreviousWinners: true,
      });
      expect(prizes[0]?.image).toMatch(/^[0-9a-f]{64}$/);
      expect(prizes[1]?.groups).toEqual(['Staff', 'Sales']);
      expect(prizes[2]).toMatchObject({ quantity: 50, batchSize: 10, reserves: 2, sponsor: 'Acme' });
      expect(prizes[3]).toMatchObject({ id: 'book-voucher', quantity: 5, batchSize: 5, groups: null });

      // The image is served under its hash.
      const image = await fetch(`${server.url}/api/wheels/default/prize-images/${prizes[0]?.image}`);
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/png');

      // Settings say which rule decides who may win again.
      await showTab(page, 'Settings');
      await page.getByTestId('remove-winners-rule').waitFor();
      await context.close();
    },
  );

  it(
    'starts a rehearsal, shows its banner on every tab, and goes live in one confirmed action',
    { timeout: 120_000 },
    async () => {
      const context = await browser.newContext({ baseURL: server.url });
      const page = await context.newPage();
      await logIn(page, '/admin/wheels/default/settings');

      await page.getByTestId('rehearsal-start').click();
      await page.getByTestId('rehearsal-banner').waitFor();
      await showTab(page, 'Draws');
      await page.getByTestId('rehearsal-banner').waitFor();
      expect(await page.getByTestId('presenter-console-link').getAttribute('href')).toBe('/present/default');

      await page.getByTestId('rehearsal-go-live').click();
      await page.getByRole('button', { name: 'Cancel' }).click();
      expect(await page.getByTestId('rehearsal-banner').isVisible()).toBe(true);
      await page.getByTestId('rehearsal-go-live').click();
      await page.getByTestId('rehearsal-go-live-confirm').click();
      await page.getByTestId('rehearsal-banner').waitFor({ state: 'detached' });

      const answer = await page.evaluate(async () =>
        (await fetch('/api/admin/wheels/default/rehearsal')).json(),
      );
      expect(answer).toEqual({ rehearsal: false });
      await context.close();
    },
  );
});
