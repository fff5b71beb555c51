// One rule set for participants, through the real app: what the importer accepts can be edited and
// published, and what it refuses is refused at draft edit and at publish too.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP_MAX_CHARACTERS, PERSON_MAX_CHARACTERS, WEIGHT_TOTAL_MAX } from '../../core/index.ts';
import { createTestApp, type TestApp } from '../test-support/test-app.ts';
import { validateEntries } from './entry-validation.ts';

const EMOJI_NAME = '\u{1F600}'.repeat(700);

let t: TestApp;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp();
  cookie = await t.signIn();
});
afterEach(async () => {
  await t.close();
});

function importCsv(content: string) {
  const boundary = '----prizewheel-rules-test';
  const payload =
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="list.csv"\r\n` +
    `Content-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  return t.app.inject({
    method: 'POST',
    url: '/api/admin/wheels/default/draft/import',
    headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

function putEntries(entries: unknown[]) {
  return t.app.inject({
    method: 'PUT',
    url: '/api/admin/wheels/default/draft/entries',
    headers: { cookie },
    payload: { entries },
  });
}

function publish() {
  return t.app.inject({
    method: 'POST',
    url: '/api/admin/wheels/default/publish',
    headers: { cookie },
    payload: {},
  });
}

describe('validateEntries', () => {
  it('counts characters as code points, as the importer does', () => {
    expect(validateEntries([{ ticket: 'T1', name: EMOJI_NAME, weight: 1 }])).toEqual([]);
    expect(validateEntries([{ ticket: '\u{1F600}'.repeat(101), name: 'Ana', weight: 1 }])).toMatchObject([
      { index: 0, column: 'ticket', code: 'value_too_long' },
    ]);
  });

  it('refuses the entry where the weights total passes the limit', () => {
    const errors = validateEntries([
      { ticket: 'T1', name: 'Ana', weight: WEIGHT_TOTAL_MAX },
      { ticket: 'T2', name: 'Bob', weight: 1 },
    ]);
    expect(errors).toMatchObject([{ index: 1, column: 'weight', code: 'invalid_weight' }]);
  });
});

describe('a 700-emoji name (700 characters, 1,400 UTF-16 units)', () => {
  it('imports, and then publishes', async () => {
    const imported = await importCsv(`ticket,name\nT1,${EMOJI_NAME}\nT2,Ana\n`);
    expect(imported.json()).toMatchObject({ ok: true, errors: [], draftReplaced: true });
    const published = await publish();
    expect(published.statusCode).toBe(201);
    const snapshot = await t.app.inject({ method: 'GET', url: '/api/wheels/default/snapshot' });
    expect(snapshot.json().entries[0].name).toBe(EMOJI_NAME);
  });

  it('is accepted by a draft edit', async () => {
    const response = await putEntries([{ ticket: 'T1', name: EMOJI_NAME, weight: 1 }]);
    expect(response.statusCode).toBe(200);
  });
});

describe('weights that add up to more than the limit', () => {
  const overflowing = [
    { ticket: 'T1', name: 'Ana', weight: 1 },
    { ticket: 'T2', name: 'Bob', weight: WEIGHT_TOTAL_MAX - 1 },
    { ticket: 'T3', name: 'Cy', weight: 5 },
  ];

  it('stop at the row whose weight makes the total infinite', () => {
    const errors = validateEntries([
      { ticket: 'T1', name: 'Ana', weight: 1e308 },
      { ticket: 'T2', name: 'Bob', weight: 1e308 },
    ]);
    expect(errors).toMatchObject([
      { index: 0, code: 'invalid_weight' },
      { index: 1, code: 'invalid_weight' },
    ]);
  });

  it('are refused at import with invalid_weight naming the row where the total overflows', async () => {
    const csv = `ticket,name,weight\n${overflowing.map((e) => `${e.ticket},${e.name},${e.weight}`).join('\n')}\n`;
    const response = await importCsv(csv);
    expect(response.json()).toMatchObject({
      ok: false,
      draftReplaced: false,
      errors: [{ row: 4, column: 'weight', code: 'invalid_weight' }],
    });
  });

  it('are refused at draft edit with invalid_weight naming the entry', async () => {
    const response = await putEntries(overflowing);
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({
      error: { code: 'invalid_entries' },
      errors: [{ index: 2, column: 'weight', code: 'invalid_weight' }],
    });
  });

  it('are refused at publish with invalid_weight naming the row', async () => {
    // A draft stored before the rule existed is re-validated when it is published.
    await t.app.store.replaceDraftEntries('default', overflowing, {
      actor: 'test',
      action: 'edit_entries',
      wheel: 'default',
      details: {},
    });
    const response = await publish();
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      error: { code: 'draft_invalid' },
      report: { ok: false, errors: [{ row: 3, column: 'weight', code: 'invalid_weight' }] },
    });
    expect((await t.app.inject({ method: 'GET', url: '/api/wheels/default/snapshot' })).statusCode).toBe(404);
  });
});

describe('person and group in draft edits', () => {
  it('are kept, trimmed, and an empty one dropped', async () => {
    const response = await putEntries([
      { ticket: 'T1', name: 'Ana', weight: 1, person: ' ana@example.org ', group: ' Sales ' },
      { ticket: 'T2', name: 'Bo', weight: 1, person: '', group: '' },
    ]);
    expect(response.statusCode).toBe(200);
    expect(response.json().entries).toEqual([
      { ticket: 'T1', name: 'Ana', weight: 1, person: 'ana@example.org', group: 'Sales' },
      { ticket: 'T2', name: 'Bo', weight: 1 },
    ]);
  });

  it('are refused when too long, naming the entry and the limit, and nothing is saved', async () => {
    const response = await putEntries([
      { ticket: 'T1', name: 'Ana', weight: 1, person: 'p'.repeat(PERSON_MAX_CHARACTERS + 1) },
      { ticket: 'T2', name: 'Bo', weight: 1, group: 'g'.repeat(GROUP_MAX_CHARACTERS + 1) },
    ]);
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      {
        index: 0,
        column: 'person',
        code: 'value_too_long',
        message: `Entry 1: person is ${PERSON_MAX_CHARACTERS + 1} characters long (at most ${PERSON_MAX_CHARACTERS})`,
      },
      {
        index: 1,
        column: 'group',
        code: 'value_too_long',
        message: `Entry 2: group is ${GROUP_MAX_CHARACTERS + 1} characters long (at most ${GROUP_MAX_CHARACTERS})`,
      },
    ]);
    expect((await t.app.store.getDraft('default'))?.entries).toEqual([]);
  });
});
