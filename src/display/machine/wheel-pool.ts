import {
  buildArcs,
  eligiblePool,
  indexAt,
  type Entry,
  type Prize,
  type ProgramDraw,
  type ProgramState,
  type SpinPlan,
  type WheelArcs,
} from '../../core/index.ts';

/**
 * A prize's eligible pool as the wheel shows it: slices for those entries only (weights honoured).
 * Slice position p on screen is the snapshot's entry `indexes[p]`; every index the page sends or
 * receives (plans, landed reports) is the snapshot's.
 */
export interface ShownPool {
  readonly prizeId: string;
  /** Snapshot indexes, ascending (core eligiblePool). */
  readonly indexes: Int32Array;
  /** The pool's entries by slice position (references to the snapshot's, not copies). */
  readonly entries: readonly Entry[];
  readonly arcs: WheelArcs;
  /** Part of the wheel bitmap's cache key: changes whenever the pool does. */
  readonly key: string;
}

/** What the wheel on screen is drawn from: the whole snapshot, or a prize's pool of it. */
export interface PooledWheel {
  readonly snapshot: { readonly entries: readonly Entry[]; readonly prizes?: readonly Prize[] };
  readonly arcs: WheelArcs | null;
  readonly pool?: ShownPool | null;
}

/** The slices on screen: the pool's when there is one. */
export function screenArcs(wheel: PooledWheel): WheelArcs | null {
  return wheel.pool?.arcs ?? wheel.arcs;
}

/** The entries by slice position on screen. */
export function screenEntries(wheel: PooledWheel): readonly Entry[] {
  return wheel.pool?.entries ?? wheel.snapshot.entries;
}

/** The snapshot index of slice position `position` on screen. */
export function snapshotIndexOf(wheel: PooledWheel, position: number): number {
  const pool = wheel.pool;
  return pool ? (pool.indexes[position] ?? -1) : position;
}

/** The slice position on screen of snapshot entry `index`, or -1 when it is not on the wheel. */
export function screenPositionOf(wheel: PooledWheel, index: number): number {
  const pool = wheel.pool;
  if (!pool) return index >= 0 && index < wheel.snapshot.entries.length ? index : -1;
  let low = 0;
  let high = pool.indexes.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = pool.indexes[middle] as number;
    if (value === index) return middle;
    if (value < index) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/** The snapshot index under the pointer at `rotation`, or -1 on an empty wheel. */
export function snapshotIndexAt(wheel: PooledWheel, rotation: number): number {
  const arcs = screenArcs(wheel);
  return arcs === null ? -1 : snapshotIndexOf(wheel, indexAt(arcs, rotation));
}

/** The prize on the stage, when the snapshot has it. */
export function stagePrize(
  snapshot: PooledWheel['snapshot'],
  program: Pick<ProgramState, 'stage'> | null,
): Prize | null {
  const id = program?.stage.prizeId ?? null;
  if (id === null) return null;
  return snapshot.prizes?.find((prize) => prize.id === id) ?? null;
}

let lastPool: {
  entries: readonly Entry[];
  prize: Prize;
  draws: readonly ProgramDraw[];
  pool: ShownPool | null;
} | null = null;
let poolSerial = 0;

/**
 * The pool of `prize` over `entries` given `draws` (core eligiblePool), with its arcs; null when no
 * entry is eligible or the weights cannot make a wheel. The last answer is remembered (a new
 * program, snapshot or prize makes a new one).
 */
export function computePool(
  entries: readonly Entry[],
  prize: Prize,
  draws: readonly ProgramDraw[],
): ShownPool | null {
  if (
    lastPool !== null &&
    lastPool.entries === entries &&
    lastPool.prize === prize &&
    lastPool.draws === draws
  )
    return lastPool.pool;
  const indexes = eligiblePool(entries, prize, draws);
  let pool: ShownPool | null = null;
  if (indexes.length > 0) {
    // Plain loops: Array.from(Int32Array, map) is several times slower at 100,000 entries.
    const poolEntries = new Array<Entry>(indexes.length);
    const weights = new Float64Array(indexes.length);
    for (let position = 0; position < indexes.length; position++) {
      const entry = entries[indexes[position] as number] as Entry;
      poolEntries[position] = entry;
      weights[position] = entry.weight;
    }
    try {
      const arcs = buildArcs(weights);
      poolSerial += 1;
      pool = { prizeId: prize.id, indexes, entries: poolEntries, arcs, key: `${prize.id}#${poolSerial}` };
    } catch {
      pool = null;
    }
  }
  lastPool = { entries, prize, draws, pool };
  return pool;
}

/** The wheel with the stage prize's pool (or without any pool when no prize is on stage). */
export function withStagePool<W extends PooledWheel>(wheel: W, program: ProgramState | null): W {
  const prize = program === null ? null : stagePrize(wheel.snapshot, program);
  if (prize === null || program === null) return wheel.pool ? { ...wheel, pool: null } : wheel;
  const pool = computePool(wheel.snapshot.entries, prize, program.draws);
  if (pool === (wheel.pool ?? null)) return wheel;
  return { ...wheel, pool };
}

/**
 * The wheel a prize's spin is animated on: the pool of the plan's prize as it was before this
 * press (the batch's own draws left out, whether or not the program already lists them). Null when
 * the plan's winner is not in that pool (the program held here is behind): the caller then spins
 * the whole snapshot, which still lands on the recorded winner.
 */
export function wheelForPlan<W extends PooledWheel>(
  wheel: W,
  program: ProgramState | null,
  plan: SpinPlan,
): W | null {
  if (plan.prizeId === undefined) return wheel.pool ? { ...wheel, pool: null } : wheel;
  const prize = wheel.snapshot.prizes?.find((candidate) => candidate.id === plan.prizeId);
  if (prize === undefined) return null;
  const batchSeqs = new Set((plan.batch ?? []).map((place) => place.seq));
  const all = program?.draws ?? [];
  const draws = batchSeqs.size === 0 ? all : all.filter((draw) => !batchSeqs.has(draw.seq));
  const pool = computePool(wheel.snapshot.entries, prize, draws);
  if (pool === null) return null;
  const pooled = { ...wheel, pool };
  return screenPositionOf(pooled, plan.targetIndex) === -1 ? null : pooled;
}
