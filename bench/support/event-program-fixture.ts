// The event-program benchmark's data, the same in Node and in Chromium (bench/event-program.bench.ts
// bundles this file with esbuild for the page): a published-like list of persons (some holding 5
// tickets) in groups, ~1,000 program draws over several prizes, and a timed eligiblePool over them.
// Deterministic (a seeded generator), so every run and both runtimes measure the same work.
import {
  eligiblePool,
  personKeyOf,
  personKeysOf,
  type Entry,
  type Prize,
  type ProgramDraw,
} from '../../src/core/index.ts';

export const BENCH_GROUPS = ['Staff', 'Sales', 'Ops', 'Finance', 'Guests', 'Press', 'Partners', 'Family'];
/** Persons 0..MULTI_TICKET_PERSONS-1 hold TICKETS_PER_MULTI_PERSON tickets each; the rest one each. */
const MULTI_TICKET_PERSONS = 2_000;
const TICKETS_PER_MULTI_PERSON = 5;
/** One row in this many has no person column value (it is then its own person, its ticket). */
const ROWS_WITHOUT_PERSON_EVERY = 50;

/** mulberry32: a small seeded generator, enough to spread the fixture (not for draws). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` entries with raw person values (emails) and groups; a person's tickets share one group. */
export function makeProgramEntries(count: number): Entry[] {
  const entries: Entry[] = [];
  let person = 0;
  let ticketsLeft = 0;
  for (let index = 0; index < count; index++) {
    if (ticketsLeft === 0) {
      person++;
      ticketsLeft = person <= MULTI_TICKET_PERSONS ? TICKETS_PER_MULTI_PERSON : 1;
    }
    ticketsLeft--;
    const entry: Entry = {
      ticket: `T${String(index + 1).padStart(6, '0')}`,
      name: `Guest ${index + 1}`,
      weight: index % 7 === 0 ? 2 : 1,
      group: BENCH_GROUPS[person % BENCH_GROUPS.length]!,
    };
    if (index % ROWS_WITHOUT_PERSON_EVERY !== 1) entry.person = `person-${person}@example.org`;
    entries.push(entry);
  }
  return entries;
}

/** The prize whose pool is measured: three groups, no previous winners. */
export const MEASURED_PRIZE: Prize = {
  id: 'hamper',
  name: 'Hamper',
  quantity: 1_000,
  groups: ['Staff', 'Sales', 'Ops'],
  allowPreviousWinners: false,
  batchSize: 50,
  reserves: 5,
};

/**
 * `count` draws over 10 prizes, batches of 50 winners + 5 reserves, distinct persons; a few declined,
 * a few voided, some in rehearsal — the log of a long event night.
 */
export function makeProgramDraws(entries: readonly Entry[], count: number): ProgramDraw[] {
  const random = seeded(18);
  const draws: ProgramDraw[] = [];
  const taken = new Set<string>();
  let batch = 0;
  while (draws.length < count) {
    batch++;
    const prizeId = batch % 3 === 0 ? MEASURED_PRIZE.id : `prize-${batch % 10}`;
    for (let place = 0; place < 55 && draws.length < count; place++) {
      let entry: Entry;
      do entry = entries[Math.floor(random() * entries.length)]!;
      while (taken.has(personKeyOf(entry)));
      taken.add(personKeyOf(entry));
      const winner = place < 50;
      draws.push({
        seq: draws.length + 1,
        prizeId,
        batchId: `batch-${batch}`,
        ticket: entry.ticket,
        person: personKeyOf(entry),
        role: winner ? 'winner' : 'reserve',
        rank: winner ? place + 1 : place - 49,
        substitutes: null,
        promotedFrom: null,
        declined: random() < 0.02,
        voided: random() < 0.005,
        rehearsal: batch === 1,
      });
    }
  }
  return draws;
}

export interface PoolTimings {
  poolSize: number;
  /** A fresh entries array each run: the person keys are computed too (a new snapshot on screen). */
  coldMs: number[];
  /** The same entries again (the display's case for every later spin of one snapshot). */
  warmMs: number[];
  /** personKeysOf alone on a fresh array: the part of coldMs a display can spend when a snapshot arrives. */
  personKeysMs: number[];
}

/** Times eligiblePool over `entryCount` entries and `drawCount` draws, `runs` times each way. */
export function timeEligiblePool(entryCount: number, drawCount: number, runs: number): PoolTimings {
  const entries = makeProgramEntries(entryCount);
  const draws = makeProgramDraws(entries, drawCount);
  const coldMs: number[] = [];
  const warmMs: number[] = [];
  const personKeysMs: number[] = [];
  let poolSize = 0;
  for (let run = 0; run < runs; run++) {
    const fresh = entries.slice();
    const started = performance.now();
    poolSize = eligiblePool(fresh, MEASURED_PRIZE, draws).length;
    coldMs.push(performance.now() - started);
    const again = performance.now();
    eligiblePool(fresh, MEASURED_PRIZE, draws);
    warmMs.push(performance.now() - again);
    const other = entries.slice();
    const keys = performance.now();
    personKeysOf(other);
    personKeysMs.push(performance.now() - keys);
  }
  return { poolSize, coldMs, warmMs, personKeysMs };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** `label: median … ms, min … ms over n runs (each run)extra`: how the benches print a timing. */
export function describeRuns(label: string, values: readonly number[], extra = ''): string {
  return `${label}: median ${median(values).toFixed(1)} ms, min ${Math.min(...values).toFixed(1)} ms over ${values.length} runs (${values
    .map((ms) => ms.toFixed(1))
    .join(', ')})${extra}`;
}
