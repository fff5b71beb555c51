// POST /api/wheels/:slug/entrant-check on the real app over real SQLite: a list with persons
// (emails, published as pseudonyms) and prizes, real batches and a decline; the answer is about the
// asked ticket only, a wrong person answers like an unknown ticket, and checks are limited per address.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProgramState, SpinPlan } from '../../../../core/index.ts';
import { ENTRANT_CHECKS_PER_WINDOW_MAX, NOT_IN_LIST } from '../../../services/entrant-check.ts';
import { landSpin } from '../../../test-support/land-spin.ts';
import { createTestApp, type TestApp } from '../../../test-support/test-app.ts';

let t: TestApp;
let cookie: string;
let now: Date;

beforeEach(async () => {
  now = new Date('2026-12-05T20:00:00.000Z');
  t = await createTestApp({ clock: () => now });
  cookie = await t.signIn();
});
afterEach(async () => {
  await t.close();
});

/** T1..T8 with the emails p1@example.com..p8@example.com; T9 has no person. */
const ENTRIES: Array<{ ticket: string; name: string; weight: number; person?: string }> = [
  ...Array.from({ length: 8 }, (_, i) => ({
    ticket: `T${i + 1}`,
    name: `Guest ${i + 1}`,
    weight: 1,
    person: `p${i + 1}@example.com`,
  })),
  { ticket: 'T9', name: 'Guest 9', weight: 1 },
];
const emailOf = (ticket: string) => ENTRIES.find((entry) => entry.ticket === ticket)?.person;

async function inject(method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, status = 200) {
  const response = await t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(status);
  return response;
}

async function publishEvent(): Promise<number> {
  await inject('PUT', '/api/admin/wheels/default/draft/entries', { entries: ENTRIES });
  await inject('PUT', '/api/admin/wheels/default/draft/prizes', {
    prizes: [{ name: 'Bike', quantity: 2, batchSize: 2, reserves: 1 }],
  });
  const published = await inject('POST', '/api/admin/wheels/default/publish', {}, 201);
  return published.json<{ version: number }>().version;
}

async function drawBike(version: number): Promise<SpinPlan> {
  const response = await inject('POST', '/api/wheels/default/spins', { version, prizeId: 'bike' }, 201);
  const plan = response.json<SpinPlan>();
  await landSpin(t.app, { cookie }, plan);
  return plan;
}

function check(payload: Record<string, unknown>, address = '127.0.0.1') {
  return t.app.inject({
    method: 'POST',
    url: '/api/wheels/default/entrant-check',
    payload,
    remoteAddress: address,
  });
}

describe('POST /api/wheels/:slug/entrant-check', () => {
  it('tells a winner and a listed non-winner what they hold, and nothing about anyone else', async () => {
    const version = await publishEvent();
    const plan = await drawBike(version);
    const [first, second, reserve] = plan.batch ?? [];
    expect(reserve?.role).toBe('reserve');
    const winner = first!.ticket;

    const won = await check({ ticket: winner, person: emailOf(winner) });
    expect(won.statusCode, won.body).toBe(200);
    expect(won.json()).toEqual({
      inList: true,
      versions: [version],
      won: [{ prizeId: 'bike', rank: 1, role: 'winner' }],
    });
    // Only the three fields, nothing of the entry or of the other winners.
    expect(won.body).not.toContain(second!.ticket);
    expect(won.body).not.toContain('Guest');
    expect(won.body).not.toContain('@');

    const reserved = await check({ ticket: reserve!.ticket, person: emailOf(reserve!.ticket) });
    expect(reserved.json().won).toEqual([{ prizeId: 'bike', rank: 1, role: 'reserve' }]);

    const drawn = new Set((plan.batch ?? []).map((place) => place.ticket));
    const other = ENTRIES.find((entry) => entry.person && !drawn.has(entry.ticket))!;
    const listed = await check({
      ticket: other.ticket.toLowerCase(),
      person: ` ${other.person!.toUpperCase()} `,
    });
    expect(listed.json()).toEqual({ inList: true, versions: [version], won: [] });
  });

  it('answers a wrong or missing person exactly like a ticket that is not in the list', async () => {
    const version = await publishEvent();
    const plan = await drawBike(version);
    const winner = plan.batch![0]!.ticket;
    const unknown = await check({ ticket: 'NOPE', person: 'someone@example.com' });
    expect(unknown.statusCode).toBe(200);
    expect(unknown.json()).toEqual(NOT_IN_LIST);
    for (const payload of [
      { ticket: winner, person: 'someone@example.com' },
      { ticket: winner, person: emailOf(winner === 'T1' ? 'T2' : 'T1') },
      { ticket: winner },
    ]) {
      const answer = await check(payload);
      expect(answer.statusCode).toBe(200);
      expect(answer.body, JSON.stringify(payload)).toBe(unknown.body);
    }
    // An entry without a person is checked by its ticket alone.
    expect((await check({ ticket: 'T9' })).json()).toMatchObject({ inList: true, versions: [version] });
  });

  it('gives a declined place to whoever took it', async () => {
    const version = await publishEvent();
    const plan = await drawBike(version);
    const [first, , reserve] = plan.batch!;
    const program = (await inject('GET', '/api/wheels/default/program')).json<ProgramState>();
    const declinedSeq = program.draws.find((draw) => draw.ticket === first!.ticket)!.seq;
    await inject('POST', `/api/wheels/default/draws/${declinedSeq}/decline`, { reason: 'not present' });

    const declined = await check({ ticket: first!.ticket, person: emailOf(first!.ticket) });
    expect(declined.json()).toEqual({ inList: true, versions: [version], won: [] });
    const promoted = await check({ ticket: reserve!.ticket, person: emailOf(reserve!.ticket) });
    expect(promoted.json().won).toEqual([{ prizeId: 'bike', rank: 1, role: 'winner' }]);
  });

  it(`allows ${ENTRANT_CHECKS_PER_WINDOW_MAX} checks a minute per address, then 429 with Retry-After`, async () => {
    await publishEvent();
    for (let i = 0; i < ENTRANT_CHECKS_PER_WINDOW_MAX; i++)
      expect((await check({ ticket: `X${i}` })).statusCode).toBe(200);
    const refused = await check({ ticket: 'T9' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: { code: 'rate_limited' }, retryAfterMs: 60_000 });
    expect(refused.headers['retry-after']).toBe('60');
    expect(refused.body).not.toContain('inList');
    // Another address is counted on its own; the first one may check again a minute later.
    expect((await check({ ticket: 'T9' }, '192.0.2.7')).statusCode).toBe(200);
    now = new Date(now.getTime() + 60_000);
    expect((await check({ ticket: 'T9' })).statusCode).toBe(200);
  });

  it('counts up to ENTRANT_CHECKS_PER_MINUTE when the operator set it (a venue behind one NAT address)', async () => {
    await t.close();
    t = await createTestApp({ clock: () => now, config: { entrantChecksPerMinute: 25 } });
    cookie = await t.signIn();
    await publishEvent();
    for (let i = 0; i < 25; i++) expect((await check({ ticket: `X${i}` })).statusCode).toBe(200);
    const refused = await check({ ticket: 'T9' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.message).toContain('At most 25 entrant checks per minute');
  });

  it('names the field of a bad request and the wheel that does not exist', async () => {
    const missing = await check({ person: 'a@example.com' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('ticket');
    expect((await check({ ticket: 'T1', extra: 1 })).statusCode).toBe(400);
    const noWheel = await t.app.inject({
      method: 'POST',
      url: '/api/wheels/nowhere/entrant-check',
      payload: { ticket: 'T1' },
    });
    expect(noWheel.statusCode).toBe(404);
    expect(noWheel.json().error.code).toBe('wheel_not_found');
    const unpublished = await check({ ticket: 'T1' });
    expect(unpublished.json().error.code).toBe('not_published');
  });
});
