import { describe, expect, it } from 'vitest';
import {
  buildArcs,
  indexAt,
  normalizeDegrees,
  rotationAt,
  spinEndRotation,
  type SpinPlan,
} from '../../core/index.ts';
import { calmRotationAt, CALM_TURNS } from './calm-motion.ts';

describe('calmRotationAt', () => {
  const arcs = buildArcs(new Array(3_000).fill(1));
  const plan: SpinPlan = {
    id: 's1',
    wheel: 'w',
    version: 1,
    targetIndex: 1_234,
    ticket: '01235',
    name: 'n',
    rotations: 7,
    landingFraction: 0.37,
    durationMs: 11_000,
  };
  const startRotation = 123.4;
  const endRotation = spinEndRotation(arcs, plan, startRotation);
  const spin = { plan, startRotation, endRotation, startedAtMs: 0 };

  it('starts where the spin starts and ends exactly at the planned end, at the same moment', () => {
    expect(calmRotationAt(spin, 0)).toBe(startRotation);
    expect(calmRotationAt(spin, plan.durationMs)).toBe(endRotation);
    expect(calmRotationAt(spin, plan.durationMs + 500)).toBe(endRotation);
    expect(indexAt(arcs, calmRotationAt(spin, plan.durationMs))).toBe(plan.targetIndex);
  });

  it('turns CALM_TURNS whole turns plus the landing offset instead of the plan’s turns', () => {
    const justBeforeEnd = calmRotationAt(spin, plan.durationMs - 1);
    expect(justBeforeEnd - startRotation).toBeLessThan(360 * (CALM_TURNS + 1));
    expect(normalizeDegrees(justBeforeEnd)).toBeCloseTo(normalizeDegrees(endRotation), 6);
    for (const ms of [1_000, 3_000, 5_500, 9_000]) {
      const full = rotationAt(startRotation, endRotation, plan.durationMs, ms);
      expect(calmRotationAt(spin, ms)).toBeLessThan(full);
      expect(calmRotationAt(spin, ms)).toBeGreaterThan(startRotation);
    }
  });

  it('shows a plan of fewer turns than CALM_TURNS as it is', () => {
    const short = { ...spin, plan: { ...plan, rotations: 0 }, endRotation: startRotation + 100 };
    expect(calmRotationAt(short, 5_000)).toBe(rotationAt(startRotation, startRotation + 100, 11_000, 5_000));
  });
});
