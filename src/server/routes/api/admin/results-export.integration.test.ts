// The event's results through the real app and SQLite: a rehearsal spin, going live, a batch with a
// reserve, two declines (one replaced by the reserve, one redrawn), a second prize; the CSV is
// grouped by prize in running order, shows declines and substitutions, leaves rehearsal out, and
// matches the draw log.
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, keepWinners, type TestApp } from '../../../test-support/test-app.ts';

let t: TestApp;
let cookie: string;
let nowMs: number;
/** Past any spin's landing and the spin rate window, on the app's clock. */
const CLOCK_STEP_MS = 60 * 60 * 1000;

beforeEach(async () => {
  nowMs = Date.parse('2026-12-06T20:00:00.000Z');
  t = await createTestApp({ clock: () => new Date(nowMs) });
  cookie = await t.signIn();
  await keepWinners(t, cookie);
});
afterEach(async () => {
  await t.close();
});

async function call(method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) {
  const response = await t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
  return response;
}

async function spin(version: number, prizeId: string) {
  nowMs += CLOCK_STEP_MS;
  return (await call('POST', '/api/wheels/default/spins', { version, prizeId })).json<{
    batch: Array<{ seq: number; role: string; rank: number; ticket: string }>;
  }>();
}

function parseCsv(text: string): Array<Record<string, string>> {
  return Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, '').trim(), { header: true }).data;
}

describe('GET /api/admin/wheels/:slug/draws?format=csv on an event', () => {
  it('lists the night by prize: winners, reserves, declines and substitutions, without the rehearsal', async () => {
    const staff = ['Ana', 'Bruno', 'Carla', 'Duarte', 'Eva'];
    const entries = [
      // Ana holds 5 tickets: one person for every rule.
      ...[1, 2, 3, 4, 5].map((n) => ({
        ticket: `A${n}`,
        name: 'Ana',
        weight: 1,
        person: 'ana@example.org',
        group: 'Staff',
        extra: { department: 'Sales' },
      })),
      ...staff.slice(1).map((name) => ({
        ticket: `S-${name}`,
        name,
        weight: 1,
        person: `${name.toLowerCase()}@example.org`,
        group: 'Staff',
        extra: { department: 'Ops' },
      })),
      ...['Filipe', 'Gil', 'Helena'].map((name) => ({
        ticket: `G-${name}`,
        name,
        weight: 1,
        person: `${name.toLowerCase()}@example.org`,
        group: 'Guests',
        extra: { department: '' },
      })),
    ];
    await call('PUT', '/api/admin/wheels/default/draft/entries', { entries });
    await call('PUT', '/api/admin/wheels/default/draft/prizes', {
      prizes: [
        { id: 'grand', name: 'Grand prize', quantity: 1, groups: null, allowPreviousWinners: true },
        { id: 'hamper', name: 'Staff hamper', quantity: 2, groups: ['Staff'], batchSize: 2, reserves: 1 },
      ],
    });
    const { version } = (await call('POST', '/api/admin/wheels/default/publish', {})).json<{
      version: number;
    }>();

    await call('PUT', '/api/admin/wheels/default/rehearsal', { rehearsal: true });
    const rehearsal = await spin(version, 'hamper');
    await call('PUT', '/api/admin/wheels/default/rehearsal', { rehearsal: false });

    const hamper = await spin(version, 'hamper');
    const [first, second, reserve] = hamper.batch;
    expect([first?.role, second?.role, reserve?.role]).toEqual(['winner', 'winner', 'reserve']);
    const promoted = (
      await call('POST', `/api/wheels/default/draws/${first!.seq}/decline`, { reason: 'Not in the room' })
    ).json<{ substitute: { seq: number; ticket: string } }>().substitute;
    expect(promoted.ticket).toBe(reserve!.ticket);
    const redrawn = (
      await call('POST', `/api/wheels/default/draws/${second!.seq}/decline`, { reason: 'Works the stand' })
    ).json<{ substitute: { seq: number } }>().substitute;
    const grand = await spin(version, 'grand');

    const csv = await call('GET', '/api/admin/wheels/default/draws?format=csv&tz=UTC');
    const rows = parseCsv(csv.body);
    expect(rows.map((row) => [row.Prize, row.Seq, row.Role, row.Status])).toEqual([
      ['Grand prize', String(grand.batch[0]!.seq), 'winner', 'won'],
      ['Staff hamper', String(first!.seq), 'winner', 'declined'],
      ['Staff hamper', String(promoted.seq), 'winner', 'won'],
      ['Staff hamper', String(second!.seq), 'winner', 'declined'],
      ['Staff hamper', String(redrawn.seq), 'winner', 'won'],
      ['Staff hamper', String(reserve!.seq), 'reserve', 'reserve used'],
    ]);
    const bySeq = new Map(rows.map((row) => [Number(row.Seq), row]));
    expect(bySeq.get(first!.seq)).toMatchObject({ 'Decline reason': 'Not in the room', Place: '1' });
    expect(bySeq.get(first!.seq)!['Replaced by']).toContain(`seq ${promoted.seq}`);
    expect(bySeq.get(promoted.seq)!.Replaces).toContain(`seq ${first!.seq}`);
    expect(bySeq.get(redrawn.seq)).toMatchObject({ Place: '2' });
    expect(bySeq.get(redrawn.seq)!.Replaces).toContain(`seq ${second!.seq}`);
    for (const row of rows.filter((row) => row.Prize === 'Staff hamper')) {
      expect(row.Group).toBe('Staff');
      expect(row.Person).toMatch(/@example\.org$/);
      expect(['Sales', 'Ops']).toContain(row.department);
    }
    // Rehearsal draws are left out; every other draw of the log is there once.
    expect(rows.map((row) => Number(row.Seq))).not.toContain(rehearsal.batch[0]!.seq);
    const log = (await call('GET', '/api/admin/wheels/default/draws')).json<{
      draws: Array<{ seq: number; rehearsal: boolean }>;
    }>();
    expect(rows.map((row) => Number(row.Seq)).sort((a, b) => a - b)).toEqual(
      log.draws.filter((draw) => !draw.rehearsal).map((draw) => draw.seq),
    );
  });
});
