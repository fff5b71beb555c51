import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildArcs, indexAt, rotationAt } from '../../core/index.ts';
import {
  countBoundaryCrossings,
  createTickGate,
  MIN_TICK_INTERVAL_MS,
  MIN_TICK_TURN_DEGREES,
} from './ticks.ts';

/** Index changes seen when turning in steps far smaller than the thinnest slice. */
function countIndexChanges(
  arcs: ReturnType<typeof buildArcs>,
  from: number,
  to: number,
  steps: number,
): number {
  let changes = 0;
  let last = indexAt(arcs, from);
  for (let s = 1; s <= steps; s++) {
    const index = indexAt(arcs, from + ((to - from) * s) / steps);
    if (index !== last) changes += 1;
    last = index;
  }
  return changes;
}

describe('countBoundaryCrossings', () => {
  const four = buildArcs([1, 1, 1, 1]); // boundaries at 0, 90, 180, 270

  it('counts the boundaries that passed the pointer, either way the wheel turns', () => {
    expect(countBoundaryCrossings(four, 0, 0)).toBe(0);
    expect(countBoundaryCrossings(four, 10, 80)).toBe(0);
    expect(countBoundaryCrossings(four, 80, 100)).toBe(1);
    expect(countBoundaryCrossings(four, 100, 80)).toBe(1);
    expect(countBoundaryCrossings(four, 0, 360)).toBe(4);
    expect(countBoundaryCrossings(four, 45, 45 + 3 * 360 + 90)).toBe(13);
    expect(countBoundaryCrossings(four, -725, -635)).toBe(1);
  });

  it('counts leaving the slice under the pointer at a boundary once', () => {
    // At rotation 0 the pointer is on boundary 0 (slice 0); a degree later it is in slice 3.
    expect(indexAt(four, 0)).toBe(0);
    expect(indexAt(four, 1)).toBe(3);
    expect(countBoundaryCrossings(four, 0, 1)).toBe(1);
    expect(countBoundaryCrossings(four, -1, 0)).toBe(0);
  });

  it('equals the index changes seen in small steps, for uneven weights', () => {
    fc.assert(
      fc.property(
        // Two slices at least: on a one-slice wheel the index never changes, yet its boundary passes.
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 2, maxLength: 30 }),
        fc.oneof(
          fc.double({ min: -2000, max: 2000, noNaN: true }),
          fc.integer({ min: -8, max: 8 }).map((k) => k * 90),
        ),
        fc.double({ min: -400, max: 400, noNaN: true }),
        (weights, from, turn) => {
          const arcs = buildArcs(weights);
          // Steps of at most 0.05°: the thinnest slice here is 360 / 600 = 0.6°.
          const steps = Math.max(1, Math.ceil(Math.abs(turn) / 0.05));
          expect(countBoundaryCrossings(arcs, from, from + turn)).toBe(
            countIndexChanges(arcs, from, from + turn, steps),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('adds up over the frames of a spin to the count over the whole spin (no drift)', () => {
    const arcs = buildArcs(Array.from({ length: 10_000 }, (_, i) => 1 + (i % 7)));
    const start = 123.456;
    const end = start + 6 * 360 + 77.7;
    let sum = 0;
    let previous = start;
    for (let ms = 16; ms <= 11_000 + 16; ms += 16) {
      const rotation = rotationAt(start, end, 11_000, ms);
      sum += countBoundaryCrossings(arcs, previous, rotation);
      previous = rotation;
    }
    expect(previous).toBe(end);
    expect(sum).toBe(countBoundaryCrossings(arcs, start, end));
    expect(sum).toBeGreaterThan(6 * 10_000);
  });

  it('is zero for a non-finite rotation', () => {
    expect(countBoundaryCrossings(four, Number.NaN, 10)).toBe(0);
  });
});

describe('createTickGate', () => {
  it('ticks on crossings, at most once per MIN_TICK_INTERVAL_MS on a wheel of thin slices', () => {
    const arcs = buildArcs(new Array(10_000).fill(1));
    const gate = createTickGate();
    const start = 0;
    const end = 6 * 360 + 200;
    const tickTimes: number[] = [];
    let crossings = 0;
    let previous = start;
    for (let ms = 16; ms <= 11_000; ms += 16) {
      const rotation = rotationAt(start, end, 11_000, ms);
      const result = gate.advance(arcs, previous, rotation, ms);
      crossings += result.crossings;
      if (result.tick) tickTimes.push(ms);
      previous = rotation;
    }
    const gaps = tickTimes.slice(1).map((t, i) => t - (tickTimes[i] as number));
    expect(crossings).toBeGreaterThan(60_000);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(MIN_TICK_INTERVAL_MS);
    expect(tickTimes.length).toBeLessThanOrEqual(11_000 / MIN_TICK_INTERVAL_MS);
    // The wheel slows down: the ticks of the last seconds are further apart than the first ones.
    expect(gaps.at(-1)!).toBeGreaterThan(4 * (gaps[0] as number));
  });

  it('follows the slices on a wheel of wide ones: one tick per boundary once the wheel is slow', () => {
    const arcs = buildArcs(new Array(12).fill(1)); // 30° slices
    const gate = createTickGate();
    expect(gate.advance(arcs, 5, 10, 0).tick).toBe(false); // no boundary passed
    expect(gate.advance(arcs, 10, 40, 100)).toEqual({ tick: true, crossings: 1 });
    expect(gate.advance(arcs, 40, 70, 120).tick).toBe(false); // 20 ms after the last tick
    expect(gate.advance(arcs, 70, 100, 200).tick).toBe(true);
  });

  it('does not tick twice within MIN_TICK_TURN_DEGREES of wheel turn, and forgets on reset', () => {
    const arcs = buildArcs(new Array(3_600).fill(1)); // 0.1° slices
    const gate = createTickGate();
    expect(gate.advance(arcs, 0, 0.5, 0).tick).toBe(true);
    expect(gate.advance(arcs, 0.5, 1, 1_000).tick).toBe(false);
    expect(gate.advance(arcs, 1, 0.5 + MIN_TICK_TURN_DEGREES, 2_000).tick).toBe(true);
    gate.reset();
    expect(gate.advance(arcs, 3.5, 3.7, 2_001).tick).toBe(true);
  });
});
