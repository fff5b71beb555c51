import * as XLSX from '@e965/xlsx';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, publishEntries, type TestApp } from '../../../test-support/test-app.ts';

let t: TestApp;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp();
  cookie = await t.signIn();
});
afterEach(async () => {
  await t.close();
});

const ENTRIES = [
  { ticket: '00042', name: 'Ana Lima', weight: 1 },
  { ticket: '00043', name: '=cmd|" /C calc"!A0', weight: 2.5 },
  { ticket: '-7', name: '@SUM(1)', weight: 1 },
];

async function putDraft(entries: unknown[]): Promise<void> {
  const response = await t.app.inject({
    method: 'PUT',
    url: '/api/admin/wheels/default/draft/entries',
    headers: { cookie },
    payload: { entries },
  });
  expect(response.statusCode).toBe(200);
}

function readSheet(body: Buffer): XLSX.WorkSheet {
  const workbook = XLSX.read(body, { type: 'buffer' });
  const sheet = workbook.Sheets[workbook.SheetNames[0] ?? ''];
  if (!sheet) throw new Error('no sheet');
  return sheet;
}

describe('GET /api/admin/wheels/:slug/draft/export', () => {
  it('answers CSV with ticket, name, weight, the extra columns, and formula cells neutralized', async () => {
    await putDraft([
      { ticket: '00042', name: 'Ana Lima', weight: 1, extra: { team: 'Blue', note: '+1 guest' } },
      { ticket: '00043', name: '=cmd', weight: 2, extra: { team: '\tTab' } },
    ]);
    const response = await t.app.inject({
      url: '/api/admin/wheels/default/draft/export?format=csv',
      headers: { cookie },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="default-draft.csv"');
    expect(response.body).toBe(
      "\uFEFFticket,name,weight,team,note\r\n00042,Ana Lima,1,Blue,'+1 guest\r\n00043,'=cmd,2,'\tTab,\r\n",
    );
  });

  it('answers XLSX where tickets stay text and formula cells are neutralized', async () => {
    await putDraft(ENTRIES);
    const response = await t.app.inject({
      url: '/api/admin/wheels/default/draft/export?format=xlsx',
      headers: { cookie },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers['content-disposition']).toBe('attachment; filename="default-draft.xlsx"');
    const sheet = readSheet(response.rawPayload);
    expect(sheet.A2).toMatchObject({ t: 's', v: '00042' });
    expect(sheet.B3).toMatchObject({ t: 's', v: '\'=cmd|" /C calc"!A0' });
    expect(sheet.B3?.f).toBeUndefined();
    expect(sheet.C3).toMatchObject({ t: 'n', v: 2.5 });
    expect(XLSX.utils.sheet_to_json(sheet, { header: 1, raw: false })).toEqual([
      ['ticket', 'name', 'weight'],
      ['00042', 'Ana Lima', '1'],
      ['00043', '\'=cmd|" /C calc"!A0', '2.5'],
      ["'-7", "'@SUM(1)", '1'],
    ]);
  });

  it('answers 400 for an unknown format and 404 for an unknown wheel', async () => {
    const badFormat = await t.app.inject({
      url: '/api/admin/wheels/default/draft/export?format=pdf',
      headers: { cookie },
    });
    expect(badFormat.statusCode).toBe(400);
    const noWheel = await t.app.inject({ url: '/api/admin/wheels/nope/draft/export', headers: { cookie } });
    expect(noWheel.statusCode).toBe(404);
    expect(noWheel.json().error.code).toBe('wheel_not_found');
  });

  it('answers 401 without a session', async () => {
    const response = await t.app.inject({ url: '/api/admin/wheels/default/draft/export?format=csv' });
    expect(response.statusCode).toBe(401);
  });
});

describe('GET /api/admin/wheels/:slug/snapshots/:version/export', () => {
  it('exports a published version as XLSX and CSV', async () => {
    const version = await publishEntries(t, cookie, 'default', ENTRIES);
    const xlsx = await t.app.inject({
      url: `/api/admin/wheels/default/snapshots/${version}/export?format=xlsx`,
      headers: { cookie },
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toBe(`attachment; filename="default-v${version}.xlsx"`);
    const sheet = readSheet(xlsx.rawPayload);
    expect(sheet.A2).toMatchObject({ t: 's', v: '00042' });
    expect(sheet.B3).toMatchObject({ t: 's', v: '\'=cmd|" /C calc"!A0' });

    const csv = await t.app.inject({
      url: `/api/admin/wheels/default/snapshots/${version}/export?format=csv`,
      headers: { cookie },
    });
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="default-v${version}.csv"`);
    expect(csv.body).toBe(
      '\uFEFFticket,name,weight\r\n00042,Ana Lima,1\r\n00043,"\'=cmd|"" /C calc""!A0",2.5\r\n\'-7,\'@SUM(1),1\r\n',
    );
  });

  it('answers 404 for a version that does not exist', async () => {
    const response = await t.app.inject({
      url: '/api/admin/wheels/default/snapshots/9/export?format=xlsx',
      headers: { cookie },
    });
    expect(response.statusCode).toBe(404);
  });
});
