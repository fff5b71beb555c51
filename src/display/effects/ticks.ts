import { indexAtAngle, normalizeDegrees, pointerAngle, type WheelArcs } from '../../core/index.ts';

/** Never two ticks closer than this: 10,000 thin slices passing would otherwise be a buzz. */
export const MIN_TICK_INTERVAL_MS = 40;
/**
 * Nor closer than this much wheel turn: below the time limit's speed, ticks then slow down with the
 * wheel even when its slices are far thinner (a wheel of at most 360 / this many pegs, audibly).
 */
export const MIN_TICK_TURN_DEGREES = 3;

/**
 * How many slice boundaries have passed the pointer while the wheel turned from rotation 0 to
 * `rotation` (degrees, any real number): n per whole turn, plus, within the turn, one when leaving
 * slice 0 and one per slice after it. Non-decreasing in the rotation, and it changes exactly where
 * core's indexAt changes (it reads the same pointer angle).
 */
function boundariesPassed(arcs: WheelArcs, rotation: number): number {
  const turns = Math.round((rotation - normalizeDegrees(rotation)) / 360);
  const pointer = pointerAngle(rotation); // 0 also when a tiny turn rounds away, as in indexAt
  return turns * arcs.count + (pointer === 0 ? 0 : arcs.count - indexAtAngle(arcs, pointer));
}

/**
 * How many slice boundaries passed the pointer while the wheel turned from `fromRotation` to
 * `toRotation` (degrees, clockwise; the contract's geometry), whichever way it turned. A pure
 * function of the two rotations: counts over consecutive frames add up to the count over the whole
 * spin, so nothing can drift.
 */
export function countBoundaryCrossings(arcs: WheelArcs, fromRotation: number, toRotation: number): number {
  if (!Number.isFinite(fromRotation) || !Number.isFinite(toRotation)) return 0;
  return Math.abs(boundariesPassed(arcs, toRotation) - boundariesPassed(arcs, fromRotation));
}

export interface TickGate {
  /**
   * Given the rotation of the previous and of this frame: true when a tick should sound now (a
   * boundary passed, and the last tick is at least MIN_TICK_INTERVAL_MS and MIN_TICK_TURN_DEGREES
   * behind). `crossings` is how many boundaries passed (for the diagnostics).
   */
  advance(
    arcs: WheelArcs,
    fromRotation: number,
    toRotation: number,
    nowMs: number,
  ): { tick: boolean; crossings: number };
  /** Forgets the last tick (a new spin starts). */
  reset(): void;
}

/** The rate limiter of the tick sound. It keeps only the time and rotation of the last tick. */
export function createTickGate(): TickGate {
  let lastTickAtMs = -Infinity;
  let lastTickRotation = -Infinity;
  return {
    advance(arcs, fromRotation, toRotation, nowMs) {
      const crossings = countBoundaryCrossings(arcs, fromRotation, toRotation);
      if (crossings === 0) return { tick: false, crossings };
      if (nowMs - lastTickAtMs < MIN_TICK_INTERVAL_MS) return { tick: false, crossings };
      if (Math.abs(toRotation - lastTickRotation) < MIN_TICK_TURN_DEGREES) return { tick: false, crossings };
      lastTickAtMs = nowMs;
      lastTickRotation = toRotation;
      return { tick: true, crossings };
    },
    reset() {
      lastTickAtMs = -Infinity;
      lastTickRotation = -Infinity;
    },
  };
}
