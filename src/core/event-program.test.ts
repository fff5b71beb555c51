import { describe, expect, it } from 'vitest';
import {
  batchWinnerCount,
  drawBatch,
  eligiblePool,
  excludedPersons,
  isInPrizeGroups,
  nextReserve,
  normalizeGroupKey,
  normalizePersonValue,
  personKeyOf,
  personKeysOf,
  prizeHolders,
  prizeRemaining,
  type ProgramDraw,
} from './event-program.ts';
import type { Entry, Prize } from './types.ts';

function prize(fields: Partial<Prize> = {}): Prize {
  return {
    id: 'p',
    name: 'Prize',
    quantity: 3,
    groups: null,
    allowPreviousWinners: false,
    batchSize: 1,
    reserves: 0,
    ...fields,
  };
}

let nextSeq = 1;
function draw(fields: Partial<ProgramDraw> & Pick<ProgramDraw, 'person'>): ProgramDraw {
  return {
    seq: nextSeq++,
    prizeId: 'p',
    batchId: 'b1',
    ticket: fields.person,
    role: 'winner',
    rank: 1,
    substitutes: null,
    promotedFrom: null,
    declined: false,
    voided: false,
    rehearsal: false,
    ...fields,
  };
}

const entries: Entry[] = [
  { ticket: 'A1', name: 'Ana', weight: 1, person: 'ana', group: 'Staff' },
  { ticket: 'A2', name: 'Ana', weight: 1, person: 'ana', group: 'Staff' },
  { ticket: 'B1', name: 'Ben', weight: 2, person: 'ben', group: 'Guests' },
  { ticket: 'C1', name: 'Cy', weight: 1 },
  { ticket: 'D1', name: 'Di', weight: 1, person: 'di', group: ' staff ' },
];
const ANA = 'person:ana';
const BEN = 'person:ben';
const CY = 'ticket:' + 'C1'.toLowerCase();

describe('persons and groups', () => {
  it('makes one person of every ticket with the same person, and a person of each ticket without', () => {
    expect(personKeyOf(entries[0]!)).toBe(personKeyOf(entries[1]!));
    expect(personKeyOf(entries[3]!)).not.toBe(personKeyOf({ ticket: 'C2' }));
    expect(personKeyOf({ ticket: 'x', person: '' })).toBe(personKeyOf({ ticket: 'x' }));
    expect(personKeysOf(entries)).toBe(personKeysOf(entries));
  });

  it('normalizes person values and group names (case, spaces, Unicode forms)', () => {
    expect(normalizePersonValue('  Ana@X.org ')).toBe('ana@x.org');
    expect(normalizePersonValue('ｆｕｌｌ  width')).toBe('full width');
    expect(normalizeGroupKey(' STAFF ')).toBe('staff');
    expect(isInPrizeGroups({ group: ' staff ' }, { groups: ['Staff'] })).toBe(true);
    expect(isInPrizeGroups({}, { groups: ['Staff'] })).toBe(false);
    expect(isInPrizeGroups({}, { groups: null })).toBe(true);
  });
});

describe('holders, remaining and exclusions', () => {
  it('counts counted, undeclined winners only (rehearsal, voided, declined and reserves hold nothing)', () => {
    const draws = [
      draw({ person: ANA }),
      draw({ person: BEN, declined: true }),
      draw({ person: CY, rehearsal: true }),
      draw({ person: 'person:di', voided: true }),
      draw({ person: 'person:x', role: 'reserve' }),
      draw({ person: 'person:y', prizeId: 'other' }),
    ];
    expect(prizeHolders(draws, 'p').map((d) => d.person)).toEqual([ANA]);
    expect(prizeRemaining(prize(), draws)).toBe(2);
    expect(prizeRemaining(prize({ quantity: 0 }), draws)).toBe(0);
  });

  it('leaves out holders, unused reserves and decliners of the prize, and holders of others unless allowed', () => {
    const reserveUsed = draw({ person: 'person:r1', role: 'reserve' });
    const draws = [
      draw({ person: ANA }),
      draw({ person: BEN, declined: true }),
      reserveUsed,
      draw({ person: 'person:r1', promotedFrom: reserveUsed.seq, substitutes: 2 }),
      draw({ person: 'person:r2', role: 'reserve' }),
      draw({ person: CY, prizeId: 'other' }),
      draw({ person: 'person:di', prizeId: 'other', declined: true }),
      draw({ person: 'person:z', prizeId: 'other', rehearsal: true }),
    ];
    expect([...excludedPersons(prize(), draws)].sort()).toEqual(
      [ANA, BEN, CY, 'person:r1', 'person:r2'].sort(),
    );
    expect([...excludedPersons(prize({ allowPreviousWinners: true }), draws)].sort()).toEqual(
      [ANA, BEN, 'person:r1', 'person:r2'].sort(),
    );
  });
});

describe('eligiblePool', () => {
  it('is every entry of the prize groups whose person is not excluded, as ascending snapshot indexes', () => {
    expect([...eligiblePool(entries, prize(), [])]).toEqual([0, 1, 2, 3, 4]);
    expect([...eligiblePool(entries, prize({ groups: ['staff'] }), [])]).toEqual([0, 1, 4]);
    expect([...eligiblePool(entries, prize(), [draw({ person: ANA, prizeId: 'other' })])]).toEqual([2, 3, 4]);
    expect([...eligiblePool(entries, prize({ groups: ['Nobody'] }), [])]).toEqual([]);
  });
});

describe('batchWinnerCount', () => {
  it('is count or the batch size, at most what is left', () => {
    expect(batchWinnerCount(prize({ batchSize: 2 }), [])).toBe(2);
    expect(batchWinnerCount(prize({ batchSize: 2 }), [], 5)).toBe(3);
    expect(batchWinnerCount(prize({ quantity: 1 }), [draw({ person: ANA })])).toBe(0);
    expect(() => batchWinnerCount(prize(), [], 0)).toThrow(RangeError);
    expect(() => batchWinnerCount(prize(), [], 1.5)).toThrow(RangeError);
  });
});

describe('drawBatch', () => {
  it('draws winners then reserves, ranked, never the same person twice', () => {
    const pool = eligiblePool(entries, prize(), []);
    const picks = drawBatch(entries, pool, { winners: 2, reserves: 2 }, () => 0);
    // Ana's two tickets leave for the pool's last ones: [4, 3, 2], so the first position is Di next.
    expect(picks).toEqual([
      { entryIndex: 0, role: 'winner', rank: 1 },
      { entryIndex: 4, role: 'winner', rank: 2 },
      { entryIndex: 2, role: 'reserve', rank: 1 },
      { entryIndex: 3, role: 'reserve', rank: 2 },
    ]);
  });

  it('stops when the pool runs out, and passes the remaining weights and indexes to pick', () => {
    const seen: Array<[number[], number[]]> = [];
    const picks = drawBatch(
      entries,
      eligiblePool(entries, prize(), []),
      { winners: 9, reserves: 0 },
      (w, _p, i) => {
        seen.push([[...w], [...i]]);
        return w.length - 1;
      },
    );
    expect(picks.map((p) => p.entryIndex)).toEqual([4, 3, 2, 1]);
    expect(seen[0]).toEqual([
      [1, 1, 2, 1, 1],
      [0, 1, 2, 3, 4],
    ]);
  });

  it('refuses a pick outside the pool', () => {
    expect(() => drawBatch(entries, Int32Array.of(0, 1), { winners: 1, reserves: 0 }, () => 2)).toThrow(
      RangeError,
    );
  });
});

describe('nextReserve', () => {
  it('is the first unused, undeclined reserve of the batch who holds nothing that forbids it', () => {
    const r1 = draw({ person: 'person:r1', role: 'reserve', rank: 1 });
    const r2 = draw({ person: 'person:r2', role: 'reserve', rank: 2 });
    const r3 = draw({ person: 'person:r3', role: 'reserve', rank: 3 });
    const otherBatch = draw({ person: 'person:r0', role: 'reserve', rank: 1, batchId: 'b0' });
    const base = [r1, r2, r3, otherBatch];
    expect(nextReserve(prize(), 'b1', base)).toBe(r1);
    const promoted = draw({ person: 'person:r1', promotedFrom: r1.seq, substitutes: 1 });
    expect(nextReserve(prize(), 'b1', [...base, promoted])).toBe(r2);
    const r2WonElsewhere = draw({ person: 'person:r2', prizeId: 'other', batchId: 'x' });
    expect(nextReserve(prize(), 'b1', [...base, promoted, r2WonElsewhere])).toBe(r3);
    expect(
      nextReserve(prize({ allowPreviousWinners: true }), 'b1', [...base, promoted, r2WonElsewhere]),
    ).toBe(r2);
    expect(nextReserve(prize(), 'b1', [{ ...r1, rehearsal: true }])).toBeNull();
  });
});
