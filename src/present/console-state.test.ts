import { describe, expect, it } from 'vitest';
import type { Entry, Prize, ProgramState, PublicProgramDraw, Snapshot } from '../core/index.ts';
import {
  buildConsoleState,
  checkBatchCount,
  checkDeclineReason,
  defaultBatchCount,
  describeCountdown,
  describeRemaining,
  holderOf,
  lastBatchOf,
  readApiFailure,
  readConsoleParams,
  spinFailureAction,
} from './console-state.ts';

function prize(id: string, overrides: Partial<Prize> = {}): Prize {
  return {
    id,
    name: `Prize ${id}`,
    quantity: 3,
    groups: null,
    allowPreviousWinners: false,
    batchSize: 2,
    reserves: 1,
    ...overrides,
  };
}

// Six tickets: ana holds three (two staff, one guest), bo, cy and dee one each.
const ENTRIES: Entry[] = [
  { ticket: 'T1', name: 'Ana', weight: 1, person: 'p-ana', group: 'Staff' },
  { ticket: 'T2', name: 'Ana', weight: 1, person: 'p-ana', group: 'Staff' },
  { ticket: 'T3', name: 'Ana', weight: 1, person: 'p-ana', group: 'Guest' },
  { ticket: 'T4', name: 'Bo', weight: 1, person: 'p-bo', group: 'Staff' },
  { ticket: 'T5', name: 'Cy', weight: 1, person: 'p-cy', group: 'Guest' },
  { ticket: 'T6', name: 'Dee', weight: 1, group: 'Guest' },
];

const PRIZES = [
  prize('bike', { groups: ['staff'] }),
  prize('tv', { quantity: 1, batchSize: 1, reserves: 0 }),
];

function snapshot(prizes: Prize[] | null = PRIZES): Snapshot {
  return {
    wheel: 'gala',
    version: 4,
    publishedAt: '2026-12-05T18:00:00.000Z',
    entries: ENTRIES,
    settings: {} as Snapshot['settings'],
    ...(prizes === null ? {} : { prizes }),
    checksum: 'sha256:0',
  };
}

let nextSeq = 1;
function draw(ticketIndex: number, overrides: Partial<PublicProgramDraw> = {}): PublicProgramDraw {
  const entry = ENTRIES[ticketIndex]!;
  return {
    seq: nextSeq++,
    version: 4,
    prizeId: 'bike',
    batchId: 'b1',
    ticket: entry.ticket,
    name: entry.name,
    targetIndex: ticketIndex,
    person: entry.person === undefined ? `ticket:${entry.ticket.toLowerCase()}` : `person:${entry.person}`,
    role: 'winner',
    rank: 1,
    substitutes: null,
    promotedFrom: null,
    declined: false,
    declineReason: null,
    voided: false,
    rehearsal: false,
    createdAt: '2026-12-05T19:00:00.000Z',
    ...overrides,
  };
}

function program(draws: PublicProgramDraw[], overrides: Partial<ProgramState> = {}): ProgramState {
  return {
    wheel: 'gala',
    rehearsal: false,
    stage: { prizeId: 'bike', scene: 'wheel', blank: false },
    draws,
    revision: 'r1',
    ...overrides,
  };
}

describe('buildConsoleState', () => {
  it('lists the prizes in running order with what is left and the eligible pool, by the core rules', () => {
    nextSeq = 1;
    // Ana won the bike (one of her staff tickets): she holds a prize, so all her tickets leave both pools.
    const state = buildConsoleState(snapshot(), program([draw(0)]));
    expect(state.version).toBe(4);
    expect(state.prizes.map((row) => [row.prize.id, row.remaining, row.poolSize, row.onStage])).toEqual([
      ['bike', 2, 1, true], // staff only: Bo
      ['tv', 1, 3, false], // Bo, Cy, Dee
    ]);
    expect(describeRemaining(state.prizes[0]!)).toBe('2 of 3 left');
  });

  it('counts rehearsal, voided and declined wins for nothing', () => {
    nextSeq = 1;
    const draws = [
      draw(0, { rehearsal: true }),
      draw(3, { declined: true, rank: 2 }),
      draw(4, { prizeId: 'tv', batchId: 'b2', voided: true }),
    ];
    const state = buildConsoleState(snapshot(), program(draws, { rehearsal: true }));
    expect(state.rehearsal).toBe(true);
    // Ana's rehearsal win holds nothing (her two staff tickets stay in); Bo declined the bike:
    // out of its pool (core's rule), but free for the TV.
    expect(state.prizes.map((row) => [row.remaining, row.poolSize])).toEqual([
      [3, 2],
      [1, 6],
    ]);
  });

  it('answers an empty console before anything is published or loaded', () => {
    const state = buildConsoleState(null, null);
    expect(state).toEqual({
      version: null,
      prizes: [],
      stage: { prizeId: null, scene: 'wheel', blank: false },
      rehearsal: false,
      lastBatch: null,
    });
    expect(buildConsoleState(snapshot(null), program([])).prizes).toEqual([]);
  });
});

describe('lastBatchOf', () => {
  it('shows the newest batch: winners by rank with each substitute after the declined one, reserves with their use', () => {
    nextSeq = 1;
    const older = draw(4, { prizeId: 'tv', batchId: 'b0' });
    const first = draw(0, { rank: 1 });
    const second = draw(3, { rank: 2, declined: true });
    const reserve = draw(5, { role: 'reserve', rank: 1 });
    const promoted = draw(5, { substitutes: second.seq, promotedFrom: reserve.seq, rank: 2 });
    const state = buildConsoleState(snapshot(), program([older, second, first, reserve, promoted]));
    const batch = state.lastBatch!;
    expect(batch.batchId).toBe('b1');
    expect(batch.prizeId).toBe('bike');
    expect(batch.winners.map((place) => place.chain.map((view) => view.ticket))).toEqual([
      ['T1'],
      ['T4', 'T6'],
    ]);
    expect(holderOf(batch.winners[1]!).seq).toBe(promoted.seq);
    expect(batch.winners[1]!.chain[0]!.declined).toBe(true);
    expect(batch.reserves.map((view) => [view.ticket, view.promotedTo])).toEqual([['T6', promoted.seq]]);
  });

  it('follows a substitute filed under another batch (a fresh draw for the place) and a chain of declines', () => {
    nextSeq = 1;
    const winner = draw(0, { declined: true });
    const redraw = draw(3, { batchId: 'b9', substitutes: winner.seq, declined: true });
    const again = draw(4, { batchId: null, substitutes: redraw.seq });
    const batch = lastBatchOf([winner, redraw, again])!;
    expect(batch.batchId).toBe('b1');
    expect(batch.winners[0]!.chain.map((view) => view.seq)).toEqual([winner.seq, redraw.seq, again.seq]);
    expect(batch.reserves).toEqual([]);
  });

  it('is null without any batch draw', () => {
    nextSeq = 1;
    expect(lastBatchOf([])).toBeNull();
    expect(lastBatchOf([draw(0, { batchId: null })])).toBeNull();
  });
});

describe('the batch size field', () => {
  const rows = buildConsoleState(snapshot(), program([])).prizes;
  const bike = rows[0]!;

  it("defaults to the prize's batch size, at most what is left", () => {
    expect(defaultBatchCount(bike)).toBe(2);
    expect(defaultBatchCount({ ...bike, remaining: 1 })).toBe(1);
    expect(defaultBatchCount({ ...bike, remaining: 0 })).toBe(0);
  });

  it('accepts 1..remaining and names the limit otherwise', () => {
    expect(checkBatchCount(' 3 ', bike)).toEqual({ ok: true, count: 3 });
    for (const text of ['0', '4', '', '1.5', '-1', 'two'])
      expect(checkBatchCount(text, bike)).toEqual({
        ok: false,
        message: 'Batch size must be a whole number from 1 to 3 (what is left of Prize bike).',
      });
    expect(checkBatchCount('1', { ...bike, remaining: 0 })).toEqual({
      ok: false,
      message: 'Nothing is left of Prize bike.',
    });
  });
});

describe('spinFailureAction', () => {
  it('refetches and retries an outdated version', () => {
    const failure = readApiFailure(409, {
      error: { code: 'outdated_version', message: 'Version 3 is not the latest' },
      latestVersion: 5,
    });
    expect(spinFailureAction(failure)).toEqual({ kind: 'refetch_and_retry', latestVersion: 5 });
  });

  it('counts down for a spin in progress or a rate limit', () => {
    const busy = readApiFailure(409, {
      error: { code: 'spin_in_progress', message: 'm' },
      retryAfterMs: 4200,
    });
    expect(spinFailureAction(busy)).toEqual({
      kind: 'wait',
      retryAfterMs: 4200,
      message: 'The wheel is still turning.',
    });
    expect(describeCountdown(4200)).toBe('Try again in 5 s');
    expect(describeCountdown(0)).toBe('Try again in 1 s');
    const limited = readApiFailure(429, { error: { code: 'rate_limited', message: 'm' }, retryAfterMs: 900 });
    expect(spinFailureAction(limited)).toMatchObject({ kind: 'wait', retryAfterMs: 900 });
  });

  it('says clearly why a prize cannot be drawn', () => {
    const action = (code: string) =>
      spinFailureAction(readApiFailure(409, { error: { code, message: 'server words' } }));
    expect(action('prize_exhausted')).toEqual({
      kind: 'show',
      message: 'Nothing is left of this prize: every one of it has a winner.',
    });
    expect(action('no_eligible_entries')).toEqual({
      kind: 'show',
      message: 'Nobody may win this prize: its eligible pool is empty.',
    });
    expect(action('something_new')).toEqual({ kind: 'show', message: 'server words' });
  });

  it('reports missing rights for 401 and 403, and an unreachable server', () => {
    for (const status of [401, 403])
      expect(
        spinFailureAction(readApiFailure(status, { error: { code: 'forbidden', message: 'revoked?' } })),
      ).toMatchObject({ kind: 'no_rights', message: expect.stringContaining('(revoked?)') as string });
    expect(spinFailureAction(readApiFailure(null, null)).kind).toBe('show');
    expect(spinFailureAction(readApiFailure(502, '<html>'))).toEqual({
      kind: 'show',
      message: 'The spin failed (HTTP 502).',
    });
  });
});

describe('readConsoleParams', () => {
  it('reads the slug and the presenter key of /present/:slug?key=…', () => {
    expect(readConsoleParams({ pathname: '/present/gala%20night', search: '?key=abc' })).toEqual({
      slug: 'gala night',
      presenterKey: 'abc',
    });
    expect(readConsoleParams({ pathname: '/present/', search: '?key=' })).toEqual({
      slug: 'default',
      presenterKey: null,
    });
  });
});

describe('checkDeclineReason', () => {
  it('needs a reason of at most 500 characters', () => {
    expect(checkDeclineReason('  not present ')).toEqual({ ok: true, reason: 'not present' });
    expect(checkDeclineReason('  ')).toEqual({
      ok: false,
      message: 'Say why the winner does not take the prize.',
    });
    expect(checkDeclineReason('x'.repeat(501))).toEqual({
      ok: false,
      message: 'The reason is at most 500 characters.',
    });
  });
});
