import { describe, expect, it } from 'vitest';
import { buildArcs, indexAt, sliceStart, sliceWidth } from './geometry.ts';
import { createSeededRandom } from './random.ts';
import {
  LANDING_MARGIN,
  checkSpinPlan,
  easeSpin,
  landingAngle,
  planSpinShape,
  rotationAt,
  spinEndRotation,
  spinRetryAfterMs,
  SPIN_LANDING_MARGIN_MS,
} from './spin.ts';
import type { SpinPlan } from './types.ts';

describe('planSpinShape', () => {
  it('draws whole turns in min..max and a landing fraction away from both edges', () => {
    const random = createSeededRandom(7);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const { rotations, landingFraction } = planSpinShape(random, { minRotations: 5, maxRotations: 8 });
      seen.add(rotations);
      expect(Number.isInteger(rotations)).toBe(true);
      expect(landingFraction).toBeGreaterThanOrEqual(LANDING_MARGIN);
      expect(landingFraction).toBeLessThanOrEqual(1 - LANDING_MARGIN);
    }
    expect([...seen].sort()).toEqual([5, 6, 7, 8]);
  });
});

describe('spinEndRotation', () => {
  const arcs = buildArcs([1, 1, 1, 1]); // quarters

  it('turns the planned number of whole turns plus less than one more', () => {
    const end = spinEndRotation(arcs, { targetIndex: 2, rotations: 6, landingFraction: 0.5 }, 30);
    expect(end - 30).toBeGreaterThanOrEqual(360 * 6);
    expect(end - 30).toBeLessThan(360 * 7);
  });

  it('rests the pointer at start + fraction · width of the target slice', () => {
    const end = spinEndRotation(arcs, { targetIndex: 1, rotations: 5, landingFraction: 0.25 }, 0);
    // slice 1 is [90, 180): the pointer must see 112.5, so θ ≡ −112.5 ≡ 247.5 (mod 360)
    expect(end).toBeCloseTo(360 * 5 + 247.5, 9);
    expect(indexAt(arcs, end)).toBe(1);
    expect(landingAngle(arcs, 1, 0.25)).toBe(112.5);
  });
});

describe('easeSpin / rotationAt', () => {
  it('is exactly 0 at the start and exactly 1 at the end, clamped outside', () => {
    expect(easeSpin(0)).toBe(0);
    expect(easeSpin(1)).toBe(1);
    expect(easeSpin(-3)).toBe(0);
    expect(easeSpin(4)).toBe(1);
  });

  it('never goes backwards', () => {
    let previous = 0;
    for (let t = 0; t <= 1; t += 0.001) {
      const value = easeSpin(t);
      expect(value).toBeGreaterThanOrEqual(previous);
      previous = value;
    }
  });

  it('is a pure function of elapsed time, exact at and after the end', () => {
    expect(rotationAt(10, 2000, 11_000, 0)).toBe(10);
    expect(rotationAt(10, 2000, 11_000, -5)).toBe(10);
    expect(rotationAt(10, 2000, 11_000, 11_000)).toBe(2000);
    expect(rotationAt(10, 2000, 11_000, 99_999)).toBe(2000);
    expect(rotationAt(10, 2000, 11_000, 5_500)).toBe(rotationAt(10, 2000, 11_000, 5_500));
    const mid = rotationAt(10, 2000, 11_000, 5_500);
    expect(mid).toBeGreaterThan(10 + (2000 - 10) / 2); // ease-out: past halfway at half time
  });
});

describe('checkSpinPlan', () => {
  const entries = [{ ticket: 'a' }, { ticket: 'b' }, { ticket: 'c' }];
  const arcs = buildArcs([1, 1, 1]);
  const plan: SpinPlan = {
    id: 's1',
    wheel: 'default',
    version: 3,
    targetIndex: 1,
    ticket: 'b',
    name: 'B',
    rotations: 6,
    landingFraction: 0.4,
    durationMs: 11_000,
  };
  const snapshot = { version: 3, entries };

  it('accepts a plan that lands on its ticket', () => {
    expect(checkSpinPlan(plan, snapshot, arcs, 123.4)).toBeNull();
  });

  it('names what is wrong with a bad plan', () => {
    expect(checkSpinPlan({ ...plan, version: 2 }, snapshot, arcs, 0)).toBe('version_mismatch');
    expect(checkSpinPlan({ ...plan, targetIndex: 3 }, snapshot, arcs, 0)).toBe('index_out_of_range');
    expect(checkSpinPlan({ ...plan, targetIndex: 1.5 }, snapshot, arcs, 0)).toBe('index_out_of_range');
    expect(checkSpinPlan({ ...plan, ticket: 'c' }, snapshot, arcs, 0)).toBe('ticket_mismatch');
    expect(checkSpinPlan({ ...plan, landingFraction: 1 }, snapshot, arcs, 0)).toBe('bad_shape');
    expect(checkSpinPlan({ ...plan, rotations: Number.NaN }, snapshot, arcs, 0)).toBe('bad_shape');
  });

  it('keeps a landing fraction inside the slice for thin slices', () => {
    const thin = buildArcs(Array.from({ length: 3000 }, () => 1));
    const end = spinEndRotation(
      thin,
      { targetIndex: 1234, rotations: 5, landingFraction: LANDING_MARGIN },
      0,
    );
    expect(indexAt(thin, end)).toBe(1234);
    expect(sliceWidth(thin, 1234)).toBeCloseTo(0.12, 9);
    expect(sliceStart(thin, 1234)).toBeCloseTo(148.08, 9);
  });
});

describe('spinRetryAfterMs', () => {
  it('counts down to the planned end plus SPIN_LANDING_MARGIN_MS, then stays 0', () => {
    const startedAt = '2026-12-06T20:00:00.000Z';
    const at = (ms: number) => new Date(Date.parse(startedAt) + ms).toISOString();
    expect(spinRetryAfterMs(startedAt, 11_000, at(0))).toBe(11_000 + SPIN_LANDING_MARGIN_MS);
    expect(spinRetryAfterMs(startedAt, 11_000, at(13_999))).toBe(1);
    expect(spinRetryAfterMs(startedAt, 11_000, at(14_000))).toBe(0);
    expect(spinRetryAfterMs(startedAt, 11_000, at(60_000))).toBe(0);
  });
});
