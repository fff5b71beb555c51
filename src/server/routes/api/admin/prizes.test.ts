// The event's prizes and persons through the real app on real SQLite: the draft's prizes, the
// prize sheet import, prize images, and what publishing makes public (never a raw person).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PRIZE_IMAGE_MAX_BYTES, type Snapshot } from '../../../../core/index.ts';
import { makeSolidPng } from '../../../test-support/test-images.ts';
import { createTestApp, type TestApp } from '../../../test-support/test-app.ts';

const SAMPLES = new URL('../../../../../samples/', import.meta.url);

let t: TestApp;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp();
  cookie = await t.signIn();
});
afterEach(async () => {
  await t.close();
});

function multipart(fileName: string, content: Uint8Array | string) {
  const boundary = '----prizewheel-prizes-test';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function importFile(
  path: 'draft/import' | 'draft/prizes/import',
  fileName: string,
  content: Uint8Array | string,
) {
  return t.app.inject({
    method: 'POST',
    url: `/api/admin/wheels/default/${path}`,
    ...multipart(fileName, content),
  });
}

function putPrizes(prizes: unknown[]) {
  return t.app.inject({
    method: 'PUT',
    url: '/api/admin/wheels/default/draft/prizes',
    headers: { cookie },
    payload: { prizes },
  });
}

function uploadImage(image: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/admin/wheels/default/prize-images',
    headers: { cookie },
    payload: { image },
  });
}

async function publish() {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/admin/wheels/default/publish',
    headers: { cookie },
    payload: {},
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{
    version: number;
    diff: { prizes: { added: number; removed: number; changed: number } };
  }>();
}

async function publicSnapshot() {
  const response = await t.app.inject({ method: 'GET', url: '/api/wheels/default/snapshot' });
  expect(response.statusCode, response.body).toBe(200);
  return { body: response.body, snapshot: response.json<Snapshot>() };
}

describe('PUT /api/admin/wheels/:slug/draft/prizes', () => {
  it('fills the defaults, keeps the running order, and GET answers the same', async () => {
    const response = await putPrizes([
      { name: 'Grand prize', quantity: 1, allowPreviousWinners: true, sponsor: 'Acme' },
      { name: 'Mug', quantity: 50, batchSize: 10, reserves: 2, groups: ['Staff'] },
    ]);
    expect(response.statusCode, response.body).toBe(200);
    const expected = [
      {
        id: 'grand-prize',
        name: 'Grand prize',
        quantity: 1,
        sponsor: 'Acme',
        groups: null,
        allowPreviousWinners: true,
        batchSize: 1,
        reserves: 0,
      },
      {
        id: 'mug',
        name: 'Mug',
        quantity: 50,
        groups: ['Staff'],
        allowPreviousWinners: false,
        batchSize: 10,
        reserves: 2,
      },
    ];
    expect(response.json()).toEqual({ prizes: expected });
    const read = await t.app.inject({
      method: 'GET',
      url: '/api/admin/wheels/default/draft/prizes',
      headers: { cookie },
    });
    expect(read.json()).toEqual({ prizes: expected });
    const draft = await t.app.inject({
      method: 'GET',
      url: '/api/admin/wheels/default/draft',
      headers: { cookie },
    });
    expect(draft.json().prizes).toEqual(expected);
    const audit = await t.app.store.queryAuditEvents({ action: 'draft_prizes', limit: 10 });
    expect(audit).toMatchObject([{ wheel: 'default', details: { prizes: 2, source: 'edit' } }]);
  });

  it('answers 422 invalid_prizes naming each prize, field and limit, and saves nothing', async () => {
    await putPrizes([{ name: 'Kept', quantity: 1 }]);
    const response = await putPrizes([
      { id: 'a', name: '', quantity: 0 },
      { id: 'A', name: 'Bike', quantity: 1, batchSize: 0, image: 'f'.repeat(64) },
    ]);
    expect(response.statusCode).toBe(422);
    const body = response.json();
    expect(body.error.code).toBe('invalid_prizes');
    expect(
      body.error.details.errors.map((e: { index: number; field: string; code: string }) => [
        e.index,
        e.field,
        e.code,
      ]),
    ).toEqual([
      [0, 'name', 'missing_name'],
      [0, 'quantity', 'invalid_quantity'],
      [1, 'id', 'duplicate_id'],
      [1, 'batchSize', 'invalid_batch_size'],
      [1, 'image', 'unknown_image'],
    ]);
    expect(body.error.details.errors[1].message).toBe(
      'Prize 1: quantity must be a whole number from 1 to 100000',
    );
    expect(await t.app.store.getDraftPrizes('default')).toMatchObject([{ id: 'kept' }]);
  });

  it('answers 404 for an unknown wheel', async () => {
    const response = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/wheels/nope/draft/prizes',
      headers: { cookie },
      payload: { prizes: [] },
    });
    expect(response.statusCode).toBe(404);
  });
});

describe('POST /api/admin/wheels/:slug/prize-images', () => {
  it('keeps a PNG, serves it at its content address, and lets a prize name it', async () => {
    const png = makeSolidPng(8, [10, 200, 10]);
    const sha256 = createHash('sha256').update(png).digest('hex');
    const response = await uploadImage(png.toString('base64'));
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      sha256,
      contentType: 'image/png',
      bytes: png.length,
      url: `/api/wheels/default/prize-images/${sha256}`,
    });
    const served = await t.app.inject({ method: 'GET', url: `/api/wheels/default/prize-images/${sha256}` });
    expect(served.statusCode).toBe(200);
    expect(served.headers).toMatchObject({
      'content-type': 'image/png',
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    });
    expect(served.rawPayload.equals(png)).toBe(true);
    expect((await putPrizes([{ name: 'Bike', quantity: 1, image: sha256 }])).statusCode).toBe(200);
    const missing = await t.app.inject({
      method: 'GET',
      url: `/api/wheels/default/prize-images/${'0'.repeat(64)}`,
    });
    expect(missing.statusCode).toBe(404);
  });

  it.each([
    [
      'an SVG',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      415,
      /At image: SVG is not accepted/,
    ],
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00'), 415, /At image: not a PNG, JPEG or WebP/],
    ['a PNG over the limit', makeSolidPng(4, [0, 0, 0], PRIZE_IMAGE_MAX_BYTES), 413, /over the 512 KB limit/],
  ])('refuses %s, and stores nothing', async (_what, bytes, status, message) => {
    const response = await uploadImage(bytes.toString('base64'));
    expect(response.statusCode).toBe(status);
    expect(response.json().error.message).toMatch(message);
    expect((await t.app.store.listPrizeImageHashes('default')).size).toBe(0);
  });
});

describe('POST /api/admin/wheels/:slug/draft/prizes/import', () => {
  it('imports an exceljs workbook by its column aliases', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Prizes');
    sheet.addRow([
      'Prize name',
      'Qty',
      'Eligible groups',
      'Allow previous winners',
      'Batch size',
      'Reserves',
      'Image',
    ]);
    sheet.addRow(['Weekend trip', 1, '', 'x', '', '', 'trip.jpg']);
    sheet.addRow(['Voucher', 20, 'Sales; IT', 'no', 10, 2]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const response = await importFile('draft/prizes/import', 'prizes.xlsx', bytes);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      ok: true,
      draftReplaced: true,
      file: { name: 'prizes.xlsx', format: 'xlsx', sheet: 'Prizes', headerRow: 1 },
      rows: 2,
      entries: 2,
      errors: [],
      prizes: [
        { id: 'weekend-trip', quantity: 1, allowPreviousWinners: true, groups: null },
        { id: 'voucher', quantity: 20, groups: ['Sales', 'IT'], batchSize: 10, reserves: 2 },
      ],
    });
  });

  it('reports bad rows by the sheet row and keeps the draft prizes', async () => {
    await putPrizes([{ name: 'Kept', quantity: 1 }]);
    const response = await importFile('draft/prizes/import', 'prizes.csv', 'name,quantity\nBike,lots\n,2\n');
    expect(response.json()).toMatchObject({
      ok: false,
      draftReplaced: false,
      errors: [
        { row: 2, field: 'quantity', code: 'invalid_quantity' },
        { row: 3, field: 'name', code: 'missing_name', message: 'Row 3: name is empty' },
      ],
    });
    expect(await t.app.store.getDraftPrizes('default')).toMatchObject([{ id: 'kept' }]);
  });

  it('answers a sheet without the columns with a file error naming them', async () => {
    const response = await importFile('draft/prizes/import', 'prizes.csv', 'prize,sponsor\nBike,Acme\n');
    expect(response.json()).toMatchObject({
      ok: false,
      draftReplaced: false,
      fileError: {
        code: 'no_header',
        message: expect.stringMatching(/name and quantity.*missing: quantity/),
      },
    });
  });
});

describe('publishing prizes and persons', () => {
  it('imports the sample files, publishes prizes and pseudonyms, and no address is public', async () => {
    const participants = readFileSync(new URL('participants.csv', SAMPLES));
    const imported = await importFile('draft/import', 'participants.csv', participants);
    expect(imported.json()).toMatchObject({
      ok: true,
      draftReplaced: true,
      entries: 30,
      persons: 21,
      groups: [
        { name: 'Sales', entries: 7 },
        { name: 'Engineering', entries: 7 },
        { name: 'Staff', entries: 6 },
        { name: 'Marketing', entries: 10 },
      ],
    });
    const prizes = await importFile(
      'draft/prizes/import',
      'prizes.csv',
      readFileSync(new URL('prizes.csv', SAMPLES)),
    );
    expect(prizes.json()).toMatchObject({ ok: true, draftReplaced: true, entries: 4 });
    const preview = await t.app.inject({
      method: 'GET',
      url: '/api/admin/wheels/default/draft/preview',
      headers: { cookie },
    });
    expect(preview.json()).toMatchObject({
      diff: { added: 30, prizes: { added: 4, removed: 0, changed: 0 } },
      warnings: [],
    });

    const published = await publish();
    expect(published.diff.prizes).toEqual({ added: 4, removed: 0, changed: 0 });
    const { body, snapshot } = await publicSnapshot();
    expect(body).not.toContain('@');
    expect(body).not.toContain('example.org');
    expect(
      snapshot.prizes?.map((prize) => [prize.id, prize.groups, prize.batchSize, prize.reserves]),
    ).toEqual([
      ['coffee-voucher', null, 5, 2],
      ['team-dinner', ['Staff'], 1, 1],
      ['weekend-trip', null, 1, 1],
      ['grand-prize-e-bike', null, 1, 0],
    ]);
    const [first, second, , fourth] = snapshot.entries;
    expect(first).toEqual({
      ticket: 'T-001',
      name: 'Ana Lima',
      weight: 1,
      group: 'Sales',
      person: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    // One person's tickets share the pseudonym; another person's differs.
    expect(second?.person).toBe(first?.person);
    expect(fourth?.person).not.toBe(first?.person);
    // The draft keeps the raw value for the organizer.
    expect((await t.app.store.getDraft('default'))?.entries[0]?.person).toBe('ana.lima@example.org');

    // A prize added on the night is a new version like any change; the same persons keep their pseudonyms.
    await putPrizes([...(snapshot.prizes ?? []), { name: 'Late prize', quantity: 1, groups: ['Nobody'] }]);
    const warned = await t.app.inject({
      method: 'GET',
      url: '/api/admin/wheels/default/draft/preview',
      headers: { cookie },
    });
    expect(warned.json()).toMatchObject({
      diff: { added: 0, removed: 0, changed: 0, prizes: { added: 1 } },
      warnings: [{ code: 'groups_without_entries', prizeId: 'late-prize' }],
    });
    const second_ = await publish();
    expect(second_).toMatchObject({ version: 2, diff: { prizes: { added: 1, removed: 0, changed: 0 } } });
    const next = await publicSnapshot();
    expect(next.snapshot.entries.map((entry) => entry.person)).toEqual(
      snapshot.entries.map((entry) => entry.person),
    );
    expect(next.snapshot.prizes).toHaveLength(5);
  });

  it('keeps the old entry shape and leaves prizes out for a list without persons, groups or prizes', async () => {
    await importFile('draft/import', 'list.csv', 'ticket,name,notes\nT1,Ana,vip\nT2,Bo,\n');
    await publish();
    const { body, snapshot } = await publicSnapshot();
    expect(snapshot.entries).toEqual([
      { ticket: 'T1', name: 'Ana', weight: 1 },
      { ticket: 'T2', name: 'Bo', weight: 1 },
    ]);
    expect(snapshot).not.toHaveProperty('prizes');
    expect(body).not.toContain('vip');
  });

  it('gives two wheels different pseudonyms for the same person', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels',
      headers: { cookie },
      payload: { slug: 'other', title: 'Other' },
    });
    const csv = 'ticket,name,email\nT1,Ana,ana@example.org\n';
    await importFile('draft/import', 'list.csv', csv);
    await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels/other/draft/import',
      ...multipart('list.csv', csv),
    });
    await publish();
    await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels/other/publish',
      headers: { cookie },
      payload: {},
    });
    const one = (await publicSnapshot()).snapshot.entries[0]?.person;
    const other = (await t.app.inject({ method: 'GET', url: '/api/wheels/other/snapshot' })).json<Snapshot>()
      .entries[0]?.person;
    expect(one).toMatch(/^[0-9a-f]{32}$/);
    expect(other).toMatch(/^[0-9a-f]{32}$/);
    expect(other).not.toBe(one);
  });
});

describe('restoring a version with persons', () => {
  it('puts the raw persons back from the draft, so a publish keeps the pseudonyms', async () => {
    await importFile(
      'draft/import',
      'list.csv',
      'ticket,name,email\nT1,Ana,ana@example.org\nT2,Bo,bo@example.org\n',
    );
    await publish();
    const first = (await publicSnapshot()).snapshot;
    // Bo leaves the list: the draft no longer knows his address.
    await importFile('draft/import', 'list.csv', 'ticket,name,email\nT1,Ana,ana@example.org\n');
    const restored = await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels/default/snapshots/1/restore',
      headers: { cookie },
      payload: {},
    });
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json().entries).toEqual([
      { ticket: 'T1', name: 'Ana', weight: 1, person: 'ana@example.org' },
      { ticket: 'T2', name: 'Bo', weight: 1 },
    ]);
    await publish();
    const again = (await publicSnapshot()).snapshot;
    expect(again.entries[0]?.person).toBe(first.entries[0]?.person);
    expect(again.entries[1]).toEqual({ ticket: 'T2', name: 'Bo', weight: 1 });
  });
});

describe('a prize sheet over prizes with images', () => {
  it('keeps the image of a prize that keeps its id', async () => {
    const png = makeSolidPng(4, [1, 2, 3]);
    const { sha256 } = (await uploadImage(png.toString('base64'))).json<{ sha256: string }>();
    await putPrizes([{ id: 'bike', name: 'Bike', quantity: 1, image: sha256 }]);
    const response = await importFile(
      'draft/prizes/import',
      'prizes.csv',
      'id,name,quantity\nbike,Bike,2\nmug,Mug,5\n',
    );
    expect(response.json().prizes).toEqual([
      expect.objectContaining({ id: 'bike', quantity: 2, image: sha256 }),
      expect.not.objectContaining({ image: expect.anything() }),
    ]);
  });
});

describe('GET /api/openapi.json', () => {
  it('describes the prize routes', async () => {
    const paths = Object.keys((await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/admin/wheels/{slug}/draft/prizes',
        '/api/admin/wheels/{slug}/draft/prizes/import',
        '/api/admin/wheels/{slug}/prize-images',
        '/api/wheels/{slug}/prize-images/{sha256}',
      ]),
    );
  });
});

describe('GET /samples/*.csv', () => {
  it.each(['participants.csv', 'prizes.csv'])('serves %s as a download', async (name) => {
    const response = await t.app.inject({ method: 'GET', url: `/samples/${name}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="${name}"`);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.body).toBe(readFileSync(new URL(name, SAMPLES), 'utf8'));
  });
});
