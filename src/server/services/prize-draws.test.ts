// The event program's draws through the real app on real SQLite: batches of distinct persons,
// groups, previous winners, reserves and declines, rehearsal, the stage and the program.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { personKeyOf, type Entry, type Prize, type ProgramState, type SpinPlan } from '../../core/index.ts';
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
