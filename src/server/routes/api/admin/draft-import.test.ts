// POST /api/admin/wheels/:slug/draft/import with the real reader (a worker thread) and real SQLite:
// the accepted entries reach the store in chunks while the server keeps answering, and the draft
// changes all at once, only when the report allows it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENTRY_CHUNK_SIZE } from '../../../import/entry-chunks.ts';
import type { Store } from '../../../storage/store.ts';
import {
  createTestApp,
  publishEntries,
  sampleEntries,
  type TestApp,
} from '../../../test-support/test-app.ts';

const ROWS = 10 * ENTRY_CHUNK_SIZE;

function csvOf(rows: number, lastTicket = `T${rows}`): string {
  const lines = ['ticket,name,weight'];
  for (let row = 1; row < rows; row++) lines.push(`T${row},Participant ${row},${(row % 3) + 1}`);
  lines.push(`${lastTicket},Participant ${rows},1`);
  return `${lines.join('\n')}\n`;
}

function multipart(fileName: string, content: string) {
  const boundary = '----prizewheel-import-test';
  const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Runs `beforeChunk(n)` before the store keeps the n-th chunk (0-based) of every staged import. */
function watchStagedChunks(store: Store, beforeChunk: (index: number) => Promise<void>): void {
  const stage = store.stageDraftEntries.bind(store);
  store.stageDraftEntries = async (slug) => {
    const staging = await stage(slug);
    let index = 0;
    return {
      ...staging,
      async append(json, count) {
        await beforeChunk(index++);
        await staging.append(json, count);
      },
    };
  };
}

let t: TestApp;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp();
  cookie = await t.signIn();
  await publishEntries(t, cookie, 'default', sampleEntries(3));
});
afterEach(async () => {
  await t.close();
});

function importCsv(content: string, query = '') {
  const form = multipart('list.csv', content);
  return t.app.inject({
    method: 'POST',
    url: `/api/admin/wheels/default/draft/import${query}`,
    headers: { cookie, ...form.headers },
    payload: form.payload,
  });
}

async function draftEntries() {
  return (await t.app.store.getDraft('default'))?.entries ?? [];
}

describe('POST /api/admin/wheels/:slug/draft/import (streamed into the draft)', () => {
  it('answers a snapshot poll while the list is being stored, and switches the draft only at the end', async () => {
    let importFinished = false;
    const seenMidway: { pollStatus: number; importFinished: boolean; draftEntries: number }[] = [];
    let chunks = 0;
    watchStagedChunks(t.app.store, async (index) => {
      chunks++;
      if (index !== 1) return;
      // The import is under way (a chunk is stored, more follow): a display polls now.
      const poll = await t.app.inject({
        method: 'GET',
        url: '/api/wheels/default/snapshot?currentVersion=1',
      });
      seenMidway.push({
        pollStatus: poll.statusCode,
        importFinished,
        draftEntries: (await draftEntries()).length,
      });
    });

    const response = await importCsv(csvOf(ROWS));
    importFinished = true;

    expect(response.json()).toMatchObject({ ok: true, entries: ROWS, draftReplaced: true });
    expect(response.json()).not.toHaveProperty('accepted');
    expect(chunks).toBe(ROWS / ENTRY_CHUNK_SIZE);
    expect(seenMidway).toEqual([{ pollStatus: 204, importFinished: false, draftEntries: 3 }]);
    const entries = await draftEntries();
    expect(entries).toHaveLength(ROWS);
    expect(entries[0]).toEqual({ ticket: 'T1', name: 'Participant 1', weight: 2 });
    expect(entries[ROWS - 1]).toEqual({ ticket: `T${ROWS}`, name: `Participant ${ROWS}`, weight: 1 });
  });

  it('keeps the previous draft when storing the entries fails midway, and imports again afterwards', async () => {
    let failing = true;
    watchStagedChunks(t.app.store, async (index) => {
      if (failing && index === 3) throw new Error('disk full');
    });
    const failed = await importCsv(csvOf(ROWS));
    expect(failed.statusCode).toBe(500);
    expect(failed.json().error.code).toBe('internal_error');
    expect(await draftEntries()).toEqual(sampleEntries(3));

    failing = false;
    const retried = await importCsv(csvOf(ROWS));
    expect(retried.json()).toMatchObject({ ok: true, draftReplaced: true });
    expect(await draftEntries()).toHaveLength(ROWS);
  });

  it('keeps the draft when a row error comes after valid rows were streamed, unless acceptValidRows', async () => {
    const withDuplicateLast = csvOf(ROWS, 'T1');
    const kept = await importCsv(withDuplicateLast);
    expect(kept.json()).toMatchObject({
      ok: false,
      entries: ROWS - 1,
      errors: [{ row: ROWS + 1, code: 'duplicate_ticket', firstRow: 2 }],
      draftReplaced: false,
    });
    expect(await draftEntries()).toEqual(sampleEntries(3));

    const accepted = await importCsv(withDuplicateLast, '?acceptValidRows=true');
    expect(accepted.json()).toMatchObject({ ok: false, draftReplaced: true });
    expect(await draftEntries()).toHaveLength(ROWS - 1);
  });
});

describe('POST /api/admin/wheels/:slug/draft/import (configured limits)', () => {
  let limited: TestApp;
  let limitedCookie: string;
  beforeEach(async () => {
    limited = await createTestApp({
      config: {
        importLimits: { maxBytes: 4_000, maxUncompressedBytes: 1_000_000, maxRows: 50, maxColumns: 5 },
      },
    });
    limitedCookie = await limited.signIn();
    await publishEntries(limited, limitedCookie, 'default', sampleEntries(3));
  });
  afterEach(async () => {
    await limited.close();
  });

  function importInto(content: string) {
    const form = multipart('list.csv', content);
    return limited.app.inject({
      method: 'POST',
      url: '/api/admin/wheels/default/draft/import',
      headers: { cookie: limitedCookie, ...form.headers },
      payload: form.payload,
    });
  }
  const draftTickets = async () =>
    (
      await limited.app.inject({
        method: 'GET',
        url: '/api/admin/wheels/default/draft',
        headers: { cookie: limitedCookie },
      })
    )
      .json()
      .entries.map((entry: { ticket: string }) => entry.ticket);

  it('refuses a list over the configured row limit, naming it, and keeps the draft', async () => {
    const before = await draftTickets();
    const response = await importInto(csvOf(51));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      draftReplaced: false,
      ok: false,
      fileError: { code: 'too_large', message: expect.stringMatching(/row limit 50\b/) },
    });
    expect(await draftTickets()).toEqual(before);
    expect((await importInto(csvOf(50))).json().draftReplaced).toBe(true);
  });

  it('refuses a file over the configured size with 413, naming the limit, and keeps the draft', async () => {
    const before = await draftTickets();
    const response = await importInto(`ticket,name\n${'1,A\n'.repeat(1_100)}`);
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toMatchObject({
      code: 'payload_too_large',
      message: expect.stringContaining('4,000 bytes'),
    });
    expect(await draftTickets()).toEqual(before);
  });

  it('refuses a row wider than the configured column limit', async () => {
    const response = await importInto('ticket,name,a,b,c,d\n1,Ana,x,x,x,x\n');
    expect(response.json().fileError).toMatchObject({
      code: 'too_large',
      message: expect.stringMatching(/limit is 5 columns/),
    });
  });
});

describe('POST /api/admin/wheels/:slug/draft/import?mode=append (late registrations)', () => {
  it("keeps the draft's entries and adds only the file's new tickets, naming the skipped ones", async () => {
    // The draft holds 0001..0003 (published); the file repeats 0002 (spaced) and brings two more.
    const answer = await importCsv(
      'ticket,name\n 0002 ,Person 2\n0004,Late One\n0005,Late Two\n',
      '?mode=append',
    );
    expect(answer.statusCode).toBe(200);
    const body = answer.json();
    expect(body).toMatchObject({ draftReplaced: true, appended: 2, entries: 3 });
    expect(body.warnings).toEqual([
      { code: 'already_in_draft', message: '1 row skipped: ticket already in the draft (0002)' },
    ]);
    expect((await draftEntries()).map((entry) => entry.ticket)).toEqual([
      '0001',
      '0002',
      '0003',
      '0004',
      '0005',
    ]);
  });

  it('changes nothing when the file has errors, as a replacing upload', async () => {
    const answer = await importCsv('ticket,name\n0009,\n0010,Ok\n', '?mode=append');
    expect(answer.json()).toMatchObject({ draftReplaced: false, appended: 0 });
    expect((await draftEntries()).map((entry) => entry.ticket)).toEqual(['0001', '0002', '0003']);
  });

  it('refuses an unknown mode', async () => {
    expect((await importCsv('ticket,name\n0009,A\n', '?mode=merge')).statusCode).toBe(400);
  });
});
