// The event program's draws through the real app on real SQLite: batches of distinct persons,
// groups, previous winners, reserves and declines, rehearsal, the stage and the program.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  personKeyOf,
  verifyPublishedDraws,
  versionsToVerify,
  type Entry,
  type Prize,
  type ProgramState,
  type PublicVerification,
  type SpinPlan,
} from '../../core/index.ts';
import { verifyAuditChain } from '../storage/audit-chain.ts';
import { createTestApp, type TestApp } from '../test-support/test-app.ts';
import { landSpin } from '../test-support/land-spin.ts';

let t: TestApp;
let cookie: string;

beforeEach(async () => {
  t = await createTestApp();
  cookie = await t.signIn();
});
afterEach(async () => {
  await t.close();
});

function prize(id: string, fields: Partial<Prize> = {}): Prize {
  return {
    id,
    name: `Prize ${id}`,
    quantity: 1,
    groups: null,
    allowPreviousWinners: false,
    batchSize: 1,
    reserves: 0,
    ...fields,
  };
}

/**
 * `persons` people; person i holds 1 ticket, every fifth person 5 tickets; every third person is
 * staff, the others guests. Persons are already pseudonyms (as in a snapshot).
 */
function eventEntries(persons: number): Entry[] {
  const entries: Entry[] = [];
  for (let person = 1; person <= persons; person++) {
    const tickets = person % 5 === 0 ? 5 : 1;
    for (let ticket = 1; ticket <= tickets; ticket++)
      entries.push({
        ticket: `P${person}-${ticket}`,
        name: `Person ${person}`,
        weight: 1,
        person: `p${person}`,
        group: person % 3 === 0 ? 'Staff' : 'Guests',
      });
  }
  return entries;
}

/** Publishes entries and prizes straight through the store (the draft's prize editor is elsewhere). */
async function publishProgram(entries: Entry[], prizes: Prize[]): Promise<number> {
  const snapshot = await t.app.store.publishDraft('default', {
    publishedAt: new Date().toISOString(),
    publishedBy: 'admin',
    prepare: (draft) => ({
      entries,
      settings: { ...draft.settings, removeWinners: false },
      prizes,
      audit: { actor: 'admin', details: {} },
    }),
  });
  t.app.events.publish('default', { type: 'snapshot', data: { version: snapshot.version } });
  return snapshot.version;
}

async function spin(payload: Record<string, unknown>, headers: Record<string, string> = { cookie }) {
  return t.app.inject({ method: 'POST', url: '/api/wheels/default/spins', headers, payload });
}

async function spinAndLand(payload: Record<string, unknown>): Promise<SpinPlan> {
  const response = await spin(payload);
  expect(response.statusCode, response.body).toBe(201);
  const plan = response.json<SpinPlan>();
  await landSpin(t.app, { cookie }, plan);
  return plan;
}

async function program(): Promise<ProgramState> {
  const response = await t.app.inject({ method: 'GET', url: '/api/wheels/default/program' });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ProgramState>();
}

function personOf(entries: Entry[], ticket: string): string {
  return personKeyOf(entries.find((entry) => entry.ticket === ticket)!);
}

describe('prize batches (POST spins on a wheel with prizes)', () => {
  it('draws a batch of 50 winners and 5 reserves, distinct persons, one row per place', async () => {
    const entries = eventEntries(200);
    const version = await publishProgram(entries, [
      prize('crowd', { quantity: 60, batchSize: 50, reserves: 5 }),
    ]);
    const plan = await spinAndLand({ version, prizeId: 'crowd' });
    expect(plan.prizeId).toBe('crowd');
    expect(plan.batch).toHaveLength(55);
    expect(plan.batch!.filter((place) => place.role === 'winner').map((place) => place.rank)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    expect(plan.batch!.filter((place) => place.role === 'reserve')).toHaveLength(5);
    expect(plan.batch![0]).toMatchObject({ ticket: plan.ticket, targetIndex: plan.targetIndex });
    const persons = plan.batch!.map((place) => personOf(entries, place.ticket));
    expect(new Set(persons).size).toBe(55);
    for (const place of plan.batch!) expect(entries[place.targetIndex]!.ticket).toBe(place.ticket);
    const seqs = plan.batch!.map((place) => place.seq);
    expect(seqs).toEqual(Array.from({ length: 55 }, (_, i) => seqs[0]! + i));

    // A screen joining late gets the same plan: the batch's first winner, its prize and its places.
    const current = await t.app.inject({
      method: 'GET',
      url: '/api/wheels/default/spins/current?include=landed',
    });
    expect(current.json().plan).toEqual({ ...plan, commitment: undefined });
    const state = await program();
    expect(state.draws).toHaveLength(55);
    expect(new Set(state.draws.map((draw) => draw.batchId)).size).toBe(1);
    expect(state.stage).toEqual({ prizeId: 'crowd', scene: 'batch', blank: false });
    // What is left: 10 of 60, so the next press draws 10 winners (and 5 reserves).
    const next = await spinAndLand({ version });
    expect(next.batch!.filter((place) => place.role === 'winner')).toHaveLength(10);
    const exhausted = await spin({ version });
    expect(exhausted.statusCode).toBe(409);
    expect(exhausted.json().error.code).toBe('prize_exhausted');
    expect(verifyAuditChain(await t.app.store.listAuditEvents())).toEqual([]);
  });

  it('draws a staff-only prize among staff only, and nobody wins twice without allowPreviousWinners', async () => {
    const entries = eventEntries(30);
    const version = await publishProgram(entries, [
      prize('staff', { quantity: 10, batchSize: 10, groups: ['staff'] }),
      prize('guests', { quantity: 40, batchSize: 40 }),
    ]);
    const staff = await spinAndLand({ version, prizeId: 'staff' });
    for (const place of staff.batch!) expect(entries[place.targetIndex]!.group).toBe('Staff');
    const rest = await spinAndLand({ version, prizeId: 'guests' });
    // 30 persons, 10 hold the staff prize: only 20 are left for the other one.
    expect(rest.batch).toHaveLength(20);
    const winners = [...staff.batch!, ...rest.batch!].map((place) => personOf(entries, place.ticket));
    expect(new Set(winners).size).toBe(30);
    const none = await spin({ version, prizeId: 'guests' });
    expect(none.json().error.code).toBe('no_eligible_entries');
  });

  it('lets a grand prize open to previous winners go to someone who already won', async () => {
    const entries = eventEntries(3).filter((entry) => entry.person === 'p1');
    const version = await publishProgram(entries, [
      prize('first'),
      prize('grand', { allowPreviousWinners: true }),
    ]);
    const first = await spinAndLand({ version, prizeId: 'first' });
    const grand = await spinAndLand({ version, prizeId: 'grand' });
    expect(personOf(entries, grand.ticket)).toBe(personOf(entries, first.ticket));
  });

  it('answers 409 no_prize_selected without a prize on stage, 404 prize_not_found for an unknown one', async () => {
    const version = await publishProgram(eventEntries(5), [prize('a')]);
    expect((await spin({ version })).json().error.code).toBe('no_prize_selected');
    const unknown = await spin({ version, prizeId: 'nope' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('prize_not_found');
  });

  it('refuses a body that tries to choose the winner (400), changing nothing', async () => {
    const version = await publishProgram(eventEntries(5), [prize('a')]);
    for (const extra of [{ ticket: 'P1-1' }, { targetIndex: 0 }, { count: 0 }, { count: 501 }]) {
      const response = await spin({ version, prizeId: 'a', ...extra });
      expect(response.statusCode, JSON.stringify(extra)).toBe(400);
    }
    expect((await program()).draws).toEqual([]);
  });

  it('gives one of two concurrent presses the batch and the other 409 spin_in_progress', async () => {
    const version = await publishProgram(eventEntries(20), [prize('a', { quantity: 10 })]);
    const answers = await Promise.all([spin({ version, prizeId: 'a' }), spin({ version, prizeId: 'a' })]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
    expect(answers.find((answer) => answer.statusCode === 409)!.json().error.code).toBe('spin_in_progress');
  });

  it('takes the reserves and other places out of the spin lock: the next press waits for the first winner only', async () => {
    const version = await publishProgram(eventEntries(20), [
      prize('a', { quantity: 4, batchSize: 2, reserves: 2 }),
    ]);
    const first = await spin({ version, prizeId: 'a' });
    expect((await spin({ version, prizeId: 'a' })).json().error.code).toBe('spin_in_progress');
    await landSpin(t.app, { cookie }, first.json<SpinPlan>());
    expect((await spin({ version, prizeId: 'a' })).statusCode).toBe(201);
  });

  it('takes a prize’s pre-drawn tickets first, skipping ineligible ones (kept in the plan)', async () => {
    const entries = eventEntries(10);
    const version = await publishProgram(entries, [prize('a', { quantity: 3, batchSize: 3 }), prize('b')]);
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/wheels/default/plan',
      headers: { cookie },
      payload: { tickets: [], prizes: { a: ['P2-1', 'NOPE', 'P4-1'] } },
    });
    expect(put.statusCode, put.body).toBe(200);
    const plan = await spinAndLand({ version, prizeId: 'a' });
    expect(plan.batch!.slice(0, 2).map((place) => place.ticket)).toEqual(['P2-1', 'P4-1']);
    const draws = await t.app.store.listDraws('default');
    expect(draws.slice(0, 3).map((draw) => draw.mode)).toEqual(['predrawn', 'predrawn', 'random']);
    expect(await t.app.store.getPrizePlans('default')).toEqual({ a: ['NOPE'] });
  });

  it('draws 500 winners from 100,000 entries with persons and groups in one press', async () => {
    const entries: Entry[] = Array.from({ length: 100_000 }, (_, i) => ({
      ticket: `T${i}`,
      name: `Person ${Math.floor(i / 2)}`,
      weight: 1,
      person: `p${Math.floor(i / 2)}`,
      group: i % 4 === 0 ? 'Staff' : 'Guests',
    }));
    const version = await publishProgram(entries, [
      prize('crowd', { quantity: 500, batchSize: 500, reserves: 5 }),
    ]);
    const plan = await spinAndLand({ version, prizeId: 'crowd' });
    expect(plan.batch).toHaveLength(505);
    expect(new Set(plan.batch!.map((place) => entries[place.targetIndex]!.person)).size).toBe(505);
  });
});

describe('what a wheel with prizes no longer does', () => {
  it('publishes no version without the winner even with removeWinners on (the rules decide)', async () => {
    const snapshot = await t.app.store.publishDraft('default', {
      publishedAt: new Date().toISOString(),
      publishedBy: 'admin',
      prepare: (draft) => ({
        entries: eventEntries(5),
        settings: { ...draft.settings, removeWinners: true },
        prizes: [prize('a', { quantity: 2 })],
        audit: { actor: 'admin', details: {} },
      }),
    });
    t.app.events.publish('default', { type: 'snapshot', data: { version: snapshot.version } });
    await spinAndLand({ version: snapshot.version, prizeId: 'a' });
    expect(await t.app.store.latestVersion('default')).toBe(snapshot.version);
  });

  it('refuses offline draws (403 offline_refused): a display cannot apply the rules alone', async () => {
    const version = await publishProgram(eventEntries(5), [prize('a')]);
    const vouchers = await t.app.inject({
      method: 'POST',
      url: '/api/wheels/default/offline-vouchers',
      headers: { cookie },
      payload: { version },
    });
    expect(vouchers.statusCode).toBe(403);
    expect(vouchers.json().error.code).toBe('offline_refused');
    expect((await program()).draws).toEqual([]);
  });
});

describe('declines, rehearsal and the stage', () => {
  async function decline(seq: number, reason = 'not present', headers: Record<string, string> = { cookie }) {
    return t.app.inject({
      method: 'POST',
      url: `/api/wheels/default/draws/${seq}/decline`,
      headers,
      payload: { reason },
    });
  }

  it('gives a declined place to the first unused reserve, then to a fresh draw when none is left', async () => {
    const entries = eventEntries(20);
    const version = await publishProgram(entries, [prize('a', { quantity: 2, batchSize: 2, reserves: 1 })]);
    const plan = await spinAndLand({ version, prizeId: 'a' });
    const [first, second, reserve] = plan.batch!;
    const promoted = await decline(first!.seq);
    expect(promoted.statusCode, promoted.body).toBe(200);
    expect(promoted.json()).toMatchObject({
      declined: { seq: first!.seq, declined: true },
      substitute: {
        ticket: reserve!.ticket,
        role: 'winner',
        rank: 1,
        substitutes: first!.seq,
        promotedFrom: reserve!.seq,
      },
    });
    const redrawn = await decline(second!.seq, 'left early');
    const substitute = redrawn.json().substitute;
    expect(substitute).toMatchObject({ rank: 2, substitutes: second!.seq, promotedFrom: null });
    const excluded = new Set([first, second, reserve].map((place) => personOf(entries, place!.ticket)));
    expect(excluded.has(substitute.person)).toBe(false);
    expect((await decline(first!.seq)).json().error.code).toBe('already_declined');
    expect((await decline(reserve!.seq)).json().error.code).toBe('not_a_winner');
    expect((await decline(999)).statusCode).toBe(404);

    const state = await program();
    const holders = state.draws.filter((draw) => draw.role === 'winner' && !draw.declined);
    expect(holders.map((draw) => draw.ticket).sort()).toEqual([reserve!.ticket, substitute.ticket].sort());
    const log = (
      await t.app.inject({ method: 'GET', url: '/api/admin/wheels/default/draws', headers: { cookie } })
    ).json().draws;
    expect(log.find((draw: { seq: number }) => draw.seq === second!.seq).declined).toMatchObject({
      reason: 'left early',
    });
    const events = await t.app.store.listAuditEvents();
    expect(events.filter((event) => event.action === 'decline')).toHaveLength(2);
    expect(verifyAuditChain(events)).toEqual([]);
  });

  it('answers substitute null when nobody is left for the place', async () => {
    const entries = eventEntries(2).filter((entry) => entry.ticket.endsWith('-1'));
    const version = await publishProgram(entries, [prize('a', { quantity: 2, batchSize: 2 })]);
    const plan = await spinAndLand({ version, prizeId: 'a' });
    const answer = await decline(plan.batch![0]!.seq);
    expect(answer.json().substitute).toBeNull();
  });

  it('records rehearsal draws that count for nothing, and audits going live', async () => {
    const entries = eventEntries(10);
    const version = await publishProgram(entries, [prize('a', { quantity: 3, batchSize: 3, reserves: 1 })]);
    const put = (rehearsal: boolean) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/admin/wheels/default/rehearsal',
        headers: { cookie },
        payload: { rehearsal },
      });
    expect((await put(true)).json()).toEqual({ rehearsal: true });
    const rehearsal = await spinAndLand({ version, prizeId: 'a' });
    expect(rehearsal.rehearsal).toBe(true);
    const rehearsalDecline = await decline(rehearsal.batch![0]!.seq);
    expect(rehearsalDecline.json().substitute).toMatchObject({
      rehearsal: true,
      promotedFrom: rehearsal.batch![3]!.seq,
    });
    expect((await program()).rehearsal).toBe(true);
    expect((await put(false)).json()).toEqual({ rehearsal: false });
    const live = await spinAndLand({ version, prizeId: 'a' });
    expect(live.rehearsal).toBeUndefined();
    // The rehearsal's 3 winners left the whole quantity: the live press draws 3 again.
    expect(live.batch!.filter((place) => place.role === 'winner')).toHaveLength(3);
    const state = await program();
    expect(state.draws.filter((draw) => draw.rehearsal)).toHaveLength(5);
    const actions = (await t.app.store.listAuditEvents()).map((event) => event.action);
    expect(actions).toContain('rehearsal_on');
    expect(actions).toContain('go_live');
  });

  it('sets the stage with presenter rights only, a prize of the latest version, and publishes the program', async () => {
    const version = await publishProgram(eventEntries(5), [prize('a'), prize('b')]);
    const stage = (payload: Record<string, unknown>, headers: Record<string, string> = { cookie }) =>
      t.app.inject({ method: 'PUT', url: '/api/wheels/default/stage', headers, payload });
    expect((await stage({ prizeId: 'a' }, {})).statusCode).toBe(401);
    expect((await stage({ prizeId: 'zz' })).json().error.code).toBe('prize_not_found');
    const events: unknown[] = [];
    const unsubscribe = t.app.events.subscribe('default', (event) => events.push(event));
    const answer = await stage({ prizeId: 'b', scene: 'winners' });
    unsubscribe();
    expect(answer.json()).toEqual({ prizeId: 'b', scene: 'winners', blank: false });
    expect(events).toEqual([
      {
        type: 'program',
        data: { revision: expect.any(String), rehearsal: false, stage: answer.json() },
      },
    ]);
    expect((await stage({ blank: true })).json()).toEqual({ prizeId: 'b', scene: 'winners', blank: true });
    const before = (await program()).revision;
    // Without prizeId the press draws the prize on stage.
    const plan = await spinAndLand({ version });
    expect(plan.prizeId).toBe('b');
    expect((await program()).revision).not.toBe(before);
  });
});

describe('verifiable batches', () => {
  async function call(method: 'GET' | 'PUT' | 'POST', url: string, payload?: Record<string, unknown>) {
    const response = await t.app.inject({
      method,
      url,
      headers: { cookie },
      ...(payload === undefined ? {} : { payload }),
    });
    expect(response.statusCode, `${url}: ${response.body}`).toBeLessThan(300);
    return response;
  }

  async function snapshotsOf(published: PublicVerification): Promise<Map<number, unknown>> {
    const snapshots = new Map<number, unknown>();
    for (const version of versionsToVerify(published))
      snapshots.set(version, (await call('GET', `/api/wheels/default/snapshots/${version}`)).json());
    return snapshots;
  }

  it('derives every place from its own seq, and the verifier recomputes batches, promotions and redraws', async () => {
    const entries = eventEntries(40);
    const version = await publishProgram(entries, [
      prize('staff', { quantity: 3, batchSize: 3, reserves: 1, groups: ['Staff'] }),
      prize('grand', { allowPreviousWinners: true }),
    ]);
    await call('PUT', '/api/admin/wheels/default/verifiable', { verifiable: true });
    await call('PUT', '/api/admin/wheels/default/rehearsal', { rehearsal: true });
    await spinAndLand({ version, prizeId: 'staff' });
    await call('PUT', '/api/admin/wheels/default/rehearsal', { rehearsal: false });
    const staff = await spinAndLand({ version, prizeId: 'staff' });
    expect(staff.commitment).toMatch(/^[0-9a-f]{64}$/);
    await call('POST', `/api/wheels/default/draws/${staff.batch![0]!.seq}/decline`, { reason: 'absent' });
    await call('POST', `/api/wheels/default/draws/${staff.batch![1]!.seq}/decline`, { reason: 'absent' });
    await spinAndLand({ version, prizeId: 'grand' });
    await call('POST', '/api/admin/wheels/default/verification/reveal', {});

    const published = (await call('GET', '/api/wheels/default/verification')).json<PublicVerification>();
    const snapshots = await snapshotsOf(published);
    const verdicts = verifyPublishedDraws(published, snapshots);
    expect(verdicts.map((verdict) => [verdict.seq, verdict.status, verdict.problem])).toEqual([
      ...[1, 2, 3, 4].map((seq) => [seq, 'rehearsal', expect.any(String)]),
      ...[5, 6, 7, 8, 9, 10, 11].map((seq) => [seq, 'verified', null]),
    ]);
    const promoted = published.draws.find((draw) => draw.seq === 9)!;
    expect(promoted).toMatchObject({ substitutes: 5, promotedFrom: 8, role: 'winner' });
    expect(published.draws.find((draw) => draw.seq === 10)).toMatchObject({
      substitutes: 6,
      promotedFrom: null,
    });

    // A ticket changed afterwards (in the log and the program alike) no longer follows from the seed.
    const other = entries.findIndex(
      (entry) => entry.group === 'Staff' && entry.ticket !== staff.batch![2]!.ticket,
    );
    const tamper = <T extends { seq: number; ticket: string; targetIndex: number }>(draw: T): T =>
      draw.seq === 7 ? { ...draw, ticket: entries[other]!.ticket, targetIndex: other } : draw;
    const tampered = {
      ...published,
      draws: published.draws.map(tamper),
      program: published.program!.map(tamper),
    };
    const failed = verifyPublishedDraws(tampered, snapshots).filter((verdict) => verdict.status === 'failed');
    expect(failed.map((verdict) => verdict.seq)).toContain(7);
  });
});
