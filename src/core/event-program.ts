// The event program's rules, once: who holds which prize, who may still win a prize (eligibility),
// what is left of a prize, and how one press draws a batch of distinct persons. Pure functions over
// a snapshot's entries and the draw log, used alike by the server's draw, the display's wheel, the
// /verify page and the CLI, so the pool drawn from and the pool on screen are the same by
// construction.
import { normalizeTicketKey } from './diff.ts';
import type { DrawRole, Entry, Prize } from './types.ts';

/** Limits of a prize's fields (draft editor, prize sheet import, PUT draft/prizes). */
export const PRIZES_MAX = 500;
export const PRIZE_ID_MAX_CHARACTERS = 64;
export const PRIZE_NAME_MAX_CHARACTERS = 200;
export const PRIZE_DESCRIPTION_MAX_CHARACTERS = 2_000;
export const PRIZE_SPONSOR_MAX_CHARACTERS = 200;
export const PRIZE_QUANTITY_MAX = 100_000;
export const PRIZE_BATCH_SIZE_MAX = 500;
export const PRIZE_RESERVES_MAX = 100;
export const PRIZE_GROUPS_MAX = 100;
export const GROUP_MAX_CHARACTERS = 200;
export const PERSON_MAX_CHARACTERS = 320;
/** A prize image's largest size, sniffed like the logo (PNG, JPEG, WebP). */
export const PRIZE_IMAGE_MAX_BYTES = 512 * 1024;

/** Draft prize ids: letters, digits, `-` and `_` (they travel in URLs and attributes). */
export const PRIZE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A person as the rules compare them: the entry's `person` (a pseudonym in snapshots), else its
 * own ticket: a row without a person is its own person.
 */
export function personKeyOf(entry: Pick<Entry, 'ticket' | 'person'>): string {
  return entry.person !== undefined && entry.person !== ''
    ? `person:${entry.person}`
    : `ticket:${normalizeTicketKey(entry.ticket)}`;
}

const personKeysByEntries = new WeakMap<readonly Entry[], string[]>();
const personIdsByEntries = new WeakMap<readonly Entry[], Int32Array>();

/** A small number per person (equal for one person's tickets), for fast comparisons in batches. */
function personIdsOf(entries: readonly Entry[]): Int32Array {
  let ids = personIdsByEntries.get(entries);
  if (!ids) {
    const idByKey = new Map<string, number>();
    const keys = personKeysOf(entries);
    ids = new Int32Array(keys.length);
    for (let index = 0; index < keys.length; index++) {
      let id = idByKey.get(keys[index]!);
      if (id === undefined) idByKey.set(keys[index]!, (id = idByKey.size));
      ids[index] = id;
    }
    personIdsByEntries.set(entries, ids);
  }
  return ids;
}

/** personKeyOf for every entry, computed once per entries array (a snapshot's entries never change). */
export function personKeysOf(entries: readonly Entry[]): readonly string[] {
  let keys = personKeysByEntries.get(entries);
  if (!keys) {
    keys = entries.map(personKeyOf);
    personKeysByEntries.set(entries, keys);
  }
  return keys;
}

/**
 * The raw person value as two lists holding the same person agree on it before it is hashed:
 * Unicode NFKC, trimmed, inner whitespace collapsed, case folded (emails are case-insensitive in
 * practice; `Ana@X.org ` and `ana@x.org` are one person).
 */
export function normalizePersonValue(value: string): string {
  return value.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

/** A group name as prizes and entries compare them: NFKC, trimmed, case folded. */
export function normalizeGroupKey(group: string): string {
  return group.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

/**
 * One draw as the rules read it. `person` is personKeyOf(the drawn entry) — computed from the
 * snapshot the draw was made on, so it stays right when later versions change.
 */
export interface ProgramDraw {
  seq: number;
  prizeId: string | null;
  batchId: string | null;
  ticket: string;
  person: string;
  role: DrawRole | null;
  rank: number | null;
  substitutes: number | null;
  promotedFrom: number | null;
  declined: boolean;
  voided: boolean;
  rehearsal: boolean;
}

/** Draws that count: not made in rehearsal, not voided. Declined ones still count as declined. */
function countsForRules(draw: ProgramDraw): boolean {
  return !draw.rehearsal && !draw.voided;
}

/** Whether a reserve record has taken a place (a later record says it was promoted from it). */
function usedReserveSeqs(draws: readonly ProgramDraw[]): Set<number> {
  const used = new Set<number>();
  for (const draw of draws)
    if (draw.promotedFrom !== null && countsForRules(draw)) used.add(draw.promotedFrom);
  return used;
}

/** The winners that hold a prize now: counted, role winner, not declined. */
export function prizeHolders(draws: readonly ProgramDraw[], prizeId: string): ProgramDraw[] {
  return draws.filter(
    (draw) => countsForRules(draw) && draw.prizeId === prizeId && draw.role === 'winner' && !draw.declined,
  );
}

/** What is left of a prize: its quantity minus the winners holding it (never below 0). */
export function prizeRemaining(prize: Prize, draws: readonly ProgramDraw[]): number {
  return Math.max(0, prize.quantity - prizeHolders(draws, prize.id).length);
}

/**
 * The persons the pool of `prize` leaves out, by the rules of the contract ("Event program"):
 * - whoever holds this prize, is an unused reserve of it, or declined it (asking them again is
 *   pointless; NOTE: the contract is silent here, this is our choice);
 * - unless the prize allows previous winners, whoever holds any prize.
 * Declined and voided wins, and rehearsal draws, hold nothing.
 */
export function excludedPersons(prize: Prize, draws: readonly ProgramDraw[]): Set<string> {
  const excluded = new Set<string>();
  const usedReserves = usedReserveSeqs(draws);
  for (const draw of draws) {
    if (!countsForRules(draw) || draw.prizeId === null) continue;
    const holds = draw.role === 'winner' && !draw.declined;
    if (draw.prizeId === prize.id) {
      const unusedReserve = draw.role === 'reserve' && !draw.declined && !usedReserves.has(draw.seq);
      if (holds || unusedReserve || draw.declined) excluded.add(draw.person);
    } else if (holds && !prize.allowPreviousWinners) {
      excluded.add(draw.person);
    }
  }
  return excluded;
}

/** Whether an entry's group lets it win the prize (prize.groups null: every entry). */
export function isInPrizeGroups(entry: Pick<Entry, 'group'>, prize: Pick<Prize, 'groups'>): boolean {
  if (prize.groups === null) return true;
  if (entry.group === undefined) return false;
  const key = normalizeGroupKey(entry.group);
  return prize.groups.some((group) => normalizeGroupKey(group) === key);
}

/**
 * The eligible pool of a prize: indexes into `entries`, ascending. The wheel shows exactly these
 * entries (with their weights) while the prize is on screen, and the server draws from them.
 */
export function eligiblePool(
  entries: readonly Entry[],
  prize: Prize,
  draws: readonly ProgramDraw[],
): Int32Array {
  const excluded = excludedPersons(prize, draws);
  const groupKeys = prize.groups === null ? null : new Set(prize.groups.map(normalizeGroupKey));
  const persons = excluded.size > 0 ? personKeysOf(entries) : null;
  const groupAllowed = new Map<string, boolean>();
  const pool = new Int32Array(entries.length);
  let size = 0;
  for (let index = 0; index < entries.length; index++) {
    if (groupKeys !== null) {
      const group = entries[index]!.group;
      if (group === undefined) continue;
      let allowed = groupAllowed.get(group);
      if (allowed === undefined) groupAllowed.set(group, (allowed = groupKeys.has(normalizeGroupKey(group))));
      if (!allowed) continue;
    }
    if (persons !== null && excluded.has(persons[index]!)) continue;
    pool[size++] = index;
  }
  return pool.slice(0, size);
}

/**
 * How many winners one press draws: `count` (default the prize's batch size), at most what is left.
 * Throws RangeError for a count that is not a whole number ≥ 1.
 */
export function batchWinnerCount(prize: Prize, draws: readonly ProgramDraw[], count?: number): number {
  const wanted = count ?? prize.batchSize;
  if (!Number.isSafeInteger(wanted) || wanted < 1)
    throw new RangeError(`count must be a whole number ≥ 1, got ${wanted}`);
  return Math.min(wanted, prizeRemaining(prize, draws));
}

/** One place a batch drew: the entry's index in the snapshot, its role and rank. */
export interface BatchPick {
  entryIndex: number;
  role: DrawRole;
  rank: number;
}

/**
 * Chooses one position among `weights` (the remaining pool's weights, in pool order) for place
 * `place` (0-based over the whole batch: winners first, then reserves). The server passes
 * crypto randomness or, in verifiable mode, the seed's derivation for that place's seq; the
 * verify page passes the same derivation to recompute. `indexes` are the snapshot indexes of the
 * remaining pool, in the order of `weights` (a pre-drawn plan finds its ticket there).
 */
export type PickPosition = (weights: Float64Array, place: number, indexes: Int32Array) => number;

/**
 * Draws a batch from `pool` (eligiblePool's answer): `winners` places, then `reserves` places, all
 * distinct persons. Each place is drawn from the entries still in the pool, weights honoured; once
 * a person is drawn, all their tickets leave it, each replaced by the pool's last entry (so the
 * pool's order after a place is fixed by this function, which the verify page runs too). Stops early when the pool runs out (fewer places
 * than asked: the caller says so), never returns a person twice.
 */
export function drawBatch(
  entries: readonly Entry[],
  pool: Int32Array,
  places: { winners: number; reserves: number },
  pick: PickPosition,
): BatchPick[] {
  const personIds = personIdsOf(entries);
  // NOTE: one copy of the pool; a drawn person's tickets leave it by swapping in the last ones, so
  // a place costs the pick alone (500 places from 100,000 entries copied 1 GB when each place
  // rebuilt the pool). The order is part of the rule: the verify page replays it with this code.
  const indexes = Int32Array.from(pool);
  const weights = Float64Array.from(indexes, (index) => entries[index]!.weight);
  // Where each entry sits in the pool now, and each person's entries (grouped by person id).
  const positionOf = new Int32Array(entries.length);
  const firstOf = new Int32Array(personIds.length + 1);
  for (let position = 0; position < indexes.length; position++) {
    positionOf[indexes[position]!] = position;
    firstOf[personIds[indexes[position]!]! + 1]!++;
  }
  for (let person = 0; person < personIds.length; person++) firstOf[person + 1]! += firstOf[person]!;
  const ticketsOf = new Int32Array(indexes.length);
  const filled = firstOf.slice(0, personIds.length);
  for (const index of indexes) ticketsOf[filled[personIds[index]!]!++] = index;
  let size = indexes.length;
  const picks: BatchPick[] = [];
  const total = places.winners + places.reserves;
  for (let place = 0; place < total && size > 0; place++) {
    const position = pick(weights.subarray(0, size), place, indexes.subarray(0, size));
    const entryIndex =
      Number.isInteger(position) && position >= 0 && position < size ? indexes[position] : undefined;
    if (entryIndex === undefined) throw new RangeError(`pick returned ${position} for a pool of ${size}`);
    const isWinner = place < places.winners;
    picks.push({
      entryIndex,
      role: isWinner ? 'winner' : 'reserve',
      rank: isWinner ? place + 1 : place - places.winners + 1,
    });
    const person = personIds[entryIndex]!;
    for (let ticket = firstOf[person]!; ticket < firstOf[person + 1]!; ticket++) {
      const at = positionOf[ticketsOf[ticket]!]!;
      const last = --size;
      const moved = indexes[last]!;
      indexes[at] = moved;
      weights[at] = weights[last]!;
      positionOf[moved] = at;
    }
  }
  return picks;
}

/**
 * The first reserve of `batchId` that may still take a place of `prize`: not declined, not already
 * promoted, not holding this prize, and (unless the prize allows previous winners) not holding
 * another prize by now.
 * Ranked order. Null when none is left.
 */
export function nextReserve(
  prize: Prize,
  batchId: string,
  draws: readonly ProgramDraw[],
): ProgramDraw | null {
  const usedReserves = usedReserveSeqs(draws);
  const holdersElsewhere = new Set(
    draws
      .filter(
        (draw) =>
          countsForRules(draw) &&
          draw.prizeId !== null &&
          draw.role === 'winner' &&
          !draw.declined &&
          // This prize's holders are out always; other prizes' unless it allows previous winners.
          (draw.prizeId === prize.id || !prize.allowPreviousWinners),
      )
      .map((draw) => draw.person),
  );
  const reserves = draws
    .filter(
      (draw) =>
        countsForRules(draw) &&
        draw.batchId === batchId &&
        draw.role === 'reserve' &&
        !draw.declined &&
        !usedReserves.has(draw.seq) &&
        !holdersElsewhere.has(draw.person),
    )
    .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0) || a.seq - b.seq);
  return reserves[0] ?? null;
}
