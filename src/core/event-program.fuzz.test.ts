// Properties of the event program's rules over random lists and draw logs: a batch never holds a
// person twice, respects the prize's groups and draws only eligible entries; eligiblePool equals a
// naive reading of the rules.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  drawBatch,
  eligiblePool,
  normalizeGroupKey,
  personKeyOf,
  type ProgramDraw,
} from './event-program.ts';
import { createSeededRandom, weightedIndex } from './random.ts';
import type { Entry, Prize } from './types.ts';

const GROUPS = ['Staff', 'guests', 'VIP'];
const PRIZE_IDS = ['a', 'b', 'c'];

const entryArb = fc.record({
  person: fc.option(fc.integer({ min: 0, max: 15 }), { nil: undefined }),
  group: fc.option(fc.constantFrom(...GROUPS), { nil: undefined }),
  weight: fc.integer({ min: 1, max: 5 }),
});

const prizeArb = fc.record({
  id: fc.constantFrom(...PRIZE_IDS),
  groups: fc.option(fc.subarray(['staff', 'GUESTS', 'vip', 'none']), { nil: null }),
  allowPreviousWinners: fc.boolean(),
});

const drawArb = fc.record({
  entry: fc.nat(),
  prizeId: fc.constantFrom(...PRIZE_IDS),
  role: fc.constantFrom('winner' as const, 'reserve' as const),
  declined: fc.boolean(),
  voided: fc.boolean(),
  rehearsal: fc.boolean(),
});

function build(
  rawEntries: Array<{ person: number | undefined; group: string | undefined; weight: number }>,
  rawDraws: Array<{
    entry: number;
    prizeId: string;
    role: 'winner' | 'reserve';
    declined: boolean;
    voided: boolean;
    rehearsal: boolean;
  }>,
): { entries: Entry[]; draws: ProgramDraw[] } {
  const entries: Entry[] = rawEntries.map((raw, index) => ({
    ticket: `T${index}`,
    name: `N${index}`,
    weight: raw.weight,
    ...(raw.person === undefined ? {} : { person: `p${raw.person}` }),
    ...(raw.group === undefined ? {} : { group: raw.group }),
  }));
  const draws: ProgramDraw[] = rawDraws.map((raw, index) => {
    const entry = entries[raw.entry % entries.length]!;
    return {
      seq: index + 1,
      prizeId: raw.prizeId,
      batchId: `b${index}`,
      ticket: entry.ticket,
      person: personKeyOf(entry),
      role: raw.role,
      rank: 1,
      substitutes: null,
      promotedFrom: null,
      declined: raw.role === 'winner' && raw.declined,
      voided: raw.voided,
      rehearsal: raw.rehearsal,
    };
  });
  return { entries, draws };
}

/** The rules read literally, one entry at a time (contract, "Event program"). */
function naivePool(entries: Entry[], prize: Prize, draws: ProgramDraw[]): number[] {
  const counted = draws.filter((d) => !d.rehearsal && !d.voided);
  return entries.flatMap((entry, index) => {
    if (prize.groups !== null) {
      if (entry.group === undefined) return [];
      if (!prize.groups.map(normalizeGroupKey).includes(normalizeGroupKey(entry.group))) return [];
    }
    const person = personKeyOf(entry);
    const mine = counted.filter((d) => d.person === person);
    if (mine.some((d) => d.prizeId === prize.id)) return []; // holder, reserve (none promoted here) or decliner
    if (!prize.allowPreviousWinners && mine.some((d) => d.role === 'winner' && !d.declined)) return [];
    return [index];
  });
}

describe('event program rules (properties)', () => {
  it('eligiblePool equals the naive reading of the rules', () => {
    fc.assert(
      fc.property(
        fc.array(entryArb, { minLength: 1, maxLength: 40 }),
        fc.array(drawArb, { maxLength: 20 }),
        prizeArb,
        (rawEntries, rawDraws, rawPrize) => {
          const { entries, draws } = build(rawEntries, rawDraws);
          const prize: Prize = { ...rawPrize, name: 'P', quantity: 10, batchSize: 1, reserves: 0 };
          expect([...eligiblePool(entries, prize, draws)]).toEqual(naivePool(entries, prize, draws));
        },
      ),
    );
  });

  it('drawBatch never returns a person twice, stays in the groups and draws only eligible entries', () => {
    fc.assert(
      fc.property(
        fc.array(entryArb, { minLength: 1, maxLength: 60 }),
        fc.array(drawArb, { maxLength: 15 }),
        prizeArb,
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer(),
        (rawEntries, rawDraws, rawPrize, winners, reserves, seed) => {
          const { entries, draws } = build(rawEntries, rawDraws);
          const prize: Prize = { ...rawPrize, name: 'P', quantity: 100, batchSize: winners, reserves };
          const pool = eligiblePool(entries, prize, draws);
          const random = createSeededRandom(seed);
          const picks = drawBatch(entries, pool, { winners, reserves }, (weights) =>
            weightedIndex(random, weights),
          );
          const persons = picks.map((pick) => personKeyOf(entries[pick.entryIndex]!));
          expect(new Set(persons).size).toBe(picks.length);
          const eligible = new Set(pool);
          for (const pick of picks) expect(eligible.has(pick.entryIndex)).toBe(true);
          const poolPersons = new Set([...pool].map((index) => personKeyOf(entries[index]!)));
          expect(picks.length).toBe(Math.min(winners + reserves, poolPersons.size));
          expect(picks.filter((pick) => pick.role === 'winner').length).toBe(
            Math.min(winners, poolPersons.size),
          );
        },
      ),
    );
  });
});
