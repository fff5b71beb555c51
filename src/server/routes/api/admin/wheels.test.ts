import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ValidationReport } from '../../../../core/index.ts';
import type { ReadOptions } from '../../../import/index.ts';
import {
  createTestApp,
  keepWinners,
  publishEntries,
  sampleEntries,
  type TestApp,
} from '../../../test-support/test-app.ts';
import { landSpin } from '../../../test-support/land-spin.ts';

// A thin seam for the spreadsheet reader: one `ticket,name` line per row, duplicates reported.
async function readTinyCsv(bytes: Uint8Array, options: ReadOptions): Promise<ValidationReport> {
  const lines = new TextDecoder().decode(bytes).trim().split('\n').slice(1);
  const seen = new Map<string, number>();
  const report: ValidationReport = {
    ok: true,
    file: { name: options.fileName, format: 'csv', sheet: null, headerRow: 1 },
    rows: lines.length,
    entries: 0,
    errors: [],
    warnings: [],
    fileError: null,
    accepted: [],
  };
  lines.forEach((line, i) => {
    const [ticket = '', name = ''] = line.split(',');
    const row = i + 2;
    const firstRow = seen.get(ticket);
    if (firstRow !== undefined) {
      report.errors.push({
        row,
        column: 'ticket',
        code: 'duplicate_ticket',
        firstRow,
        message: `Row ${row}: ticket ${ticket} already appears in row ${firstRow}`,
      });
      return;
    }
    seen.set(ticket, row);
    report.accepted!.push({ row, ticket, name, weight: 1 });
  });
  report.entries = report.accepted!.length;
  report.ok = report.errors.length === 0;
  return report;
}

function multipart(fileName: string, content: string) {
  const boundary = '----prizewheel-test';
  const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

let t: TestApp;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp({ readParticipantList: readTinyCsv });
  cookie = await t.signIn();
});
afterEach(async () => {
  await t.close();
});

describe('GET /api/admin/wheels', () => {
  it('lists wheels with their latest version', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(3));
    const response = await t.app.inject({ method: 'GET', url: '/api/admin/wheels', headers: { cookie } });
    expect(response.json().wheels).toEqual([
      {
        slug: 'default',
        title: 'Wheel',
        latestVersion: 1,
        publishedAt: expect.any(String),
        entries: 3,
        draftEntries: 3,
      },
    ]);
  });
});

describe('GET /api/admin/wheels on a first start', () => {
  it('marks the demo wheel (demo: true) until its list is replaced', async () => {
    const first = await createTestApp({ demo: true });
    try {
      const firstCookie = await first.signIn();
      const list = async () =>
        (
          await first.app.inject({
            method: 'GET',
            url: '/api/admin/wheels',
            headers: { cookie: firstCookie },
          })
        ).json().wheels;
      expect(await list()).toMatchObject([{ slug: 'default', latestVersion: 1, demo: true }]);
      await first.app.inject({
        method: 'PUT',
        url: '/api/admin/wheels/default/draft/entries',
        headers: { cookie: firstCookie },
        payload: { entries: sampleEntries(3) },
      });
      expect((await list())[0]).not.toHaveProperty('demo');
    } finally {
      await first.close();
    }
  });
});

describe('POST /api/admin/wheels', () => {
  it('creates a wheel with an empty draft and refuses a bad or taken slug', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels',
      headers: { cookie },
      payload: { slug: 'gala-2026', title: 'Gala' },
    });
    expect(created.statusCode).toBe(201);
    const draft = await t.app.inject({
      method: 'GET',
      url: '/api/admin/wheels/gala-2026/draft',
      headers: { cookie },
    });
    expect(draft.json()).toMatchObject({ wheel: 'gala-2026', entries: [], basedOnVersion: null });
    const taken = await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels',
      headers: { cookie },
      payload: { slug: 'gala-2026', title: 'Again' },
    });
    expect(taken.statusCode).toBe(409);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels',
      headers: { cookie },
      payload: { slug: '-Bad', title: 'x' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('slug');
  });

  it('starts new wheels, and the fresh default wheel, with "Remove winners" on', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels',
      headers: { cookie },
      payload: { slug: 'gala', title: 'Gala' },
    });
    for (const slug of ['gala', 'default']) {
      const draft = await t.app.inject({
        method: 'GET',
        url: `/api/admin/wheels/${slug}/draft`,
        headers: { cookie },
      });
      expect(draft.json().settings.removeWinners, slug).toBe(true);
    }
  });
});

describe('POST /api/admin/wheels/:slug/draft/import', () => {
  it('replaces the draft when the list is valid and does not echo the accepted rows', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels/default/draft/import',
      headers: { cookie, ...multipart('list.csv', 'ticket,name\n1,Ana\n2,Bob').headers },
      payload: multipart('list.csv', 'ticket,name\n1,Ana\n2,Bob').payload,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ ok: true, entries: 2, draftReplaced: true, file: { name: 'list.csv' } });
    expect(body).not.toHaveProperty('accepted');
    const draft = (
      await t.app.inject({ method: 'GET', url: '/api/admin/wheels/default/draft', headers: { cookie } })
    ).json();
    expect(draft.entries).toEqual([
      { ticket: '1', name: 'Ana', weight: 1 },
      { ticket: '2', name: 'Bob', weight: 1 },
    ]);
  });

  it('keeps the draft when the list has errors, unless acceptValidRows', async () => {
    const form = multipart('list.csv', 'ticket,name\n1,Ana\n1,Bob');
    const kept = await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels/default/draft/import',
      headers: { cookie, ...form.headers },
      payload: form.payload,
    });
    expect(kept.json()).toMatchObject({ ok: false, draftReplaced: false });
    expect(
      (
        await t.app.inject({ method: 'GET', url: '/api/admin/wheels/default/draft', headers: { cookie } })
      ).json().entries,
    ).toEqual([]);
    const accepted = await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels/default/draft/import?acceptValidRows=true',
      headers: { cookie, ...form.headers },
      payload: form.payload,
    });
    expect(accepted.json()).toMatchObject({ ok: false, draftReplaced: true });
  });
});

describe('POST /api/admin/wheels/:slug/draft/import (limits)', () => {
  it('returns 413 payload_too_large for a file over 20 MB and keeps the draft', async () => {
    const form = multipart('huge.csv', `ticket,name\n${'1,A\n'.repeat(5_300_000)}`);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels/default/draft/import',
      headers: { cookie, ...form.headers },
      payload: form.payload,
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
  });

  it('returns 400 when the request is not multipart', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels/default/draft/import',
      headers: { cookie },
      payload: { file: 'x' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_request');
  });
});

describe('PUT /api/admin/wheels/:slug/draft/entries', () => {
  it('returns 422 invalid_entries with per-entry errors and changes nothing', async () => {
    const response = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/wheels/default/draft/entries',
      headers: { cookie },
      payload: {
        entries: [
          { ticket: 'A-1', name: 'Ana', weight: 1 },
          { ticket: ' a-1 ', name: '', weight: 0 },
        ],
      },
    });
    expect(response.statusCode).toBe(422);
    const body = response.json();
    expect(body.error.code).toBe('invalid_entries');
    expect(body.errors.map((e: { index: number; code: string }) => [e.index, e.code])).toEqual([
      [1, 'duplicate_ticket'],
      [1, 'missing_name'],
      [1, 'invalid_weight'],
    ]);
    expect(
      (
        await t.app.inject({ method: 'GET', url: '/api/admin/wheels/default/draft', headers: { cookie } })
      ).json().entries,
    ).toEqual([]);
  });

  it('saves a valid list, trimmed, keeping extra columns', async () => {
    const response = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/wheels/default/draft/entries',
      headers: { cookie },
      payload: { entries: [{ ticket: ' 7 ', name: ' Ana ', weight: 2, extra: { table: '4' } }] },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().entries).toEqual([{ ticket: '7', name: 'Ana', weight: 2, extra: { table: '4' } }]);
  });
});

describe('PUT /api/admin/wheels/:slug/draft/settings', () => {
  it('saves valid settings and refuses min > max or out-of-range values', async () => {
    const ok = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/wheels/default/draft/settings',
      headers: { cookie },
      payload: { spinDurationMs: 8000, minRotations: 3, maxRotations: 4, removeWinners: true },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().settings).toEqual({
      spinDurationMs: 8000,
      minRotations: 3,
      maxRotations: 4,
      removeWinners: true,
    });
    const inverted = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/wheels/default/draft/settings',
      headers: { cookie },
      payload: { minRotations: 9, maxRotations: 4 },
    });
    expect(inverted.statusCode).toBe(400);
    const tooShort = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/wheels/default/draft/settings',
      headers: { cookie },
      payload: { spinDurationMs: 10 },
    });
    expect(tooShort.json().error.message).toContain('spinDurationMs');
  });
});

describe('GET /api/admin/wheels/:slug/draft/preview', () => {
  it('names the earlier winners a publish would put back (the original list uploaded again)', async () => {
    const version = await publishEntries(t, cookie, 'default', sampleEntries(5));
    const spin = await t.app.inject({
      method: 'POST',
      url: '/api/wheels/default/spins',
      headers: { cookie },
      payload: { version },
    });
    const winner = spin.json() as { ticket: string; name: string };
    const preview = async () =>
      (await t.app.inject({ url: '/api/admin/wheels/default/draft/preview', headers: { cookie } })).json();
    expect((await preview()).returningWinners).toEqual([]); // the draft followed the removal

    await t.app.inject({
      method: 'PUT',
      url: '/api/admin/wheels/default/draft/entries',
      headers: { cookie },
      payload: { entries: sampleEntries(5) },
    });
    const again = await preview();
    expect(again.diff.added).toBe(1);
    expect(again.returningWinners).toEqual([{ ticket: winner.ticket, name: winner.name, seq: 1 }]);
  });

  it('shows what publishing would change', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(3));
    await t.app.inject({
      method: 'PUT',
      url: '/api/admin/wheels/default/draft/entries',
      headers: { cookie },
      payload: { entries: [...sampleEntries(2), { ticket: '0099', name: 'New', weight: 1 }] },
    });
    const preview = (
      await t.app.inject({
        method: 'GET',
        url: '/api/admin/wheels/default/draft/preview',
        headers: { cookie },
      })
    ).json();
    expect(preview.latestVersion).toBe(1);
    expect(preview.diff).toMatchObject({
      added: 1,
      removed: 1,
      changed: 0,
      addedEntries: [{ ticket: '0099' }],
      removedEntries: [{ ticket: '0003' }],
      settings: [],
    });
  });

  it('lists the settings publishing would change', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(3));
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/wheels/default/draft/settings',
      headers: { cookie },
      payload: { spinDurationMs: 7_000 },
    });
    expect(saved.statusCode).toBe(200);
    const preview = (
      await t.app.inject({ url: '/api/admin/wheels/default/draft/preview', headers: { cookie } })
    ).json();
    expect(preview.diff.settings).toEqual([
      { setting: 'spinDurationMs', before: expect.any(Number), after: 7_000 },
    ]);
    expect(preview.diff.settings[0].before).not.toBe(7_000);
  });
});

describe('POST /api/admin/wheels/:slug/publish', () => {
  it('does not put drawn winners back: the draft follows the removals, even with "Remove winners" turned off', async () => {
    const version = await publishEntries(t, cookie, 'default', sampleEntries(6));
    const winners: string[] = [];
    for (let spin = 0; spin < 3; spin++) {
      const plan = await t.app.inject({
        method: 'POST',
        url: '/api/wheels/default/spins',
        headers: { cookie },
        payload: { version: version + spin },
      });
      expect(plan.statusCode).toBe(201);
      winners.push(plan.json().ticket);
      await landSpin(t.app, { cookie }, plan.json());
    }
    const draft = await t.app.inject({
      method: 'GET',
      url: '/api/admin/wheels/default/draft',
      headers: { cookie },
    });
    const draftTickets = draft.json().entries.map((entry: { ticket: string }) => entry.ticket);
    expect(draftTickets).toHaveLength(3);
    for (const winner of winners) expect(draftTickets).not.toContain(winner);

    await t.app.inject({
      method: 'PUT',
      url: '/api/admin/wheels/default/draft/settings',
      headers: { cookie },
      payload: { removeWinners: false },
    });
    const publish = await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels/default/publish',
      headers: { cookie },
      payload: {},
    });
    expect(publish.statusCode).toBe(201);
    expect(publish.json().diff).toMatchObject({ added: 0, removed: 0 });
    const latest = (await t.app.inject({ method: 'GET', url: '/api/wheels/default/snapshot' })).json();
    expect(latest.entries.map((entry: { ticket: string }) => entry.ticket)).toEqual(draftTickets);
  });

  it('returns 409 draft_invalid with the validation report when the draft has errors', async () => {
    // A draft written before the rules tightened (or by hand) is re-validated at publish time.
    await t.app.store.replaceDraftEntries(
      'default',
      [
        { ticket: '1', name: 'Ana', weight: 1 },
        { ticket: '1', name: 'Bob', weight: 1 },
      ],
      { actor: 'test', action: 'edit_entries', wheel: 'default', details: {} },
    );
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels/default/publish',
      headers: { cookie },
      payload: {},
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      error: { code: 'draft_invalid' },
      report: { ok: false, errors: [{ row: 2, code: 'duplicate_ticket', firstRow: 1 }] },
    });
    expect((await t.app.inject({ method: 'GET', url: '/api/wheels/default/snapshot' })).statusCode).toBe(404);
  });
});

describe('GET /api/admin/wheels/:slug/snapshots', () => {
  it('lists the published versions, newest first', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(3));
    await publishEntries(t, cookie, 'default', sampleEntries(4));
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/admin/wheels/default/snapshots',
      headers: { cookie },
    });
    expect(response.json().snapshots).toEqual([
      {
        version: 2,
        publishedAt: expect.any(String),
        entries: 4,
        checksum: expect.stringMatching(/^sha256:/),
        publishedBy: 'admin',
        publishedByLabel: 'admin',
      },
      {
        version: 1,
        publishedAt: expect.any(String),
        entries: 3,
        checksum: expect.stringMatching(/^sha256:/),
        publishedBy: 'admin',
        publishedByLabel: 'admin',
      },
    ]);
  });
});

describe('PUT /api/admin/wheels/:slug/plan', () => {
  it('saves the ordered tickets and rejects unknown fields', async () => {
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/wheels/default/plan',
      headers: { cookie },
      payload: { tickets: ['0042', 'A-7'] },
    });
    expect(saved.json()).toEqual({ tickets: ['0042', 'A-7'], prizes: {} });
    const perPrize = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/wheels/default/plan',
      headers: { cookie },
      payload: { tickets: [], prizes: { grand: ['0042'] } },
    });
    expect(perPrize.json()).toEqual({ tickets: [], prizes: { grand: ['0042'] } });
    const get = await t.app.inject({
      method: 'GET',
      url: '/api/admin/wheels/default/plan',
      headers: { cookie },
    });
    expect(get.json()).toEqual({ tickets: [], prizes: { grand: ['0042'] } });
    const badPrize = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/wheels/default/plan',
      headers: { cookie },
      payload: { tickets: [], prizes: { 'no spaces': ['1'] } },
    });
    expect(badPrize.statusCode).toBe(400);
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/wheels/default/plan',
      headers: { cookie },
      payload: { tickets: [], secret: 1 },
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('GET /api/admin/wheels/:slug/draws?format=csv', () => {
  async function exportCsv(query: string) {
    return t.app.inject({
      method: 'GET',
      url: `/api/admin/wheels/default/draws?${query}`,
      headers: { cookie },
    });
  }

  it('exports the results as CSV: plain headers, times in the zone asked, formula-like names defused', async () => {
    await publishEntries(t, cookie, 'default', [{ ticket: '1', name: '=cmd()', weight: 1 }]);
    await t.app.inject({
      method: 'POST',
      url: '/api/wheels/default/spins',
      headers: { cookie },
      payload: { version: 1 },
    });
    const response = await exportCsv('format=csv&tz=Asia/Tokyo');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const lines = response.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Ticket,Name,Status,Void reason,Drawn at (Asia/Tokyo),Started by,Seq,Index,Version,Checksum,Mode,Draw id',
    );
    expect(lines[1]).toMatch(
      /^1,'=cmd\(\),won,,\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,admin,1,0,1,sha256:[0-9a-f]{64},random,[0-9a-f-]{36}$/,
    );
  });

  it('names the presenter link that started a spin by its label, revoked since or not', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(3));
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels/default/presenter-keys',
      headers: { cookie },
      payload: { label: 'Stage tablet' },
    });
    const { key } = created.json<{ key: string }>();
    const spin = await t.app.inject({
      method: 'POST',
      url: '/api/wheels/default/spins',
      headers: { 'x-presenter-key': key },
      payload: { version: 1 },
    });
    expect(spin.statusCode, spin.body).toBe(201);
    // Links are revoked after the event; the results still name them.
    const { id } = created.json<{ id: string }>();
    const revoked = await t.app.inject({
      method: 'DELETE',
      url: `/api/admin/wheels/default/presenter-keys/${id}`,
      headers: { cookie },
    });
    expect(revoked.statusCode).toBe(204);
    const csv = (await exportCsv('format=csv&tz=UTC')).body;
    expect(csv).toContain(',Stage tablet (presenter link),');
    expect(csv).not.toContain('presenter-key:');
  });

  it("exports .xlsx with the winner's row from the draft, read back by exceljs", async () => {
    await keepWinners(t, cookie);
    const entries = [
      { ticket: '0042', name: 'Ana Lima', weight: 1, extra: { email: 'ana@example.org', team: 'Ops' } },
    ];
    await t.app.inject({
      method: 'PUT',
      url: '/api/admin/wheels/default/draft/entries',
      headers: { cookie },
      payload: { entries },
    });
    await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels/default/publish',
      headers: { cookie },
      payload: {},
    });
    await t.app.inject({
      method: 'POST',
      url: '/api/wheels/default/spins',
      headers: { cookie },
      payload: { version: 1 },
    });
    const response = await exportCsv('format=xlsx&tz=Europe/Lisbon');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe('attachment; filename="default-draws.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const cells = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
    expect(cells(1)).toEqual([
      'Ticket',
      'Name',
      'email',
      'team',
      'Status',
      'Void reason',
      'Drawn at (Europe/Lisbon)',
      'Started by',
      'Seq',
      'Index',
      'Version',
      'Checksum',
      'Mode',
      'Draw id',
    ]);
    expect(cells(2).slice(0, 8)).toEqual([
      '0042',
      'Ana Lima',
      'ana@example.org',
      'Ops',
      'won',
      undefined,
      expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
      'admin',
    ]);
  });

  it('answers 400 naming the field for a time zone that does not exist, and defaults to the server zone', async () => {
    const bad = await exportCsv('format=csv&tz=Mars/Olympus');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      error: { code: 'invalid_request', message: expect.stringMatching(/^At tz: /) },
    });
    const fallback = await exportCsv('format=csv');
    expect(fallback.body).toContain(`Drawn at (${Intl.DateTimeFormat().resolvedOptions().timeZone})`);
  });
});
