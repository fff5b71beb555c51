import { describe, expect, it } from 'vitest';
import {
  buildArcs,
  indexAt,
  indexAtAngle,
  normalizeDegrees,
  pointerAngle,
  sliceStart,
  sliceWidth,
} from './geometry.ts';

describe('buildArcs', () => {
  it('gives each entry 360 · weight / Σ weight degrees, clockwise from 12 o’clock', () => {
    const arcs = buildArcs([1, 2, 1]);
    expect(arcs.count).toBe(3);
    expect([sliceStart(arcs, 0), sliceStart(arcs, 1), sliceStart(arcs, 2)]).toEqual([0, 90, 270]);
    expect([sliceWidth(arcs, 0), sliceWidth(arcs, 1), sliceWidth(arcs, 2)]).toEqual([90, 180, 90]);
    expect(arcs.bounds[3]).toBe(360);
  });

  it('ends exactly at 360 even when the weights do not sum exactly', () => {
    const arcs = buildArcs(Array.from({ length: 3000 }, () => 0.1));
    expect(arcs.bounds[3000]).toBe(360);
  });

  it('rejects an empty wheel and non-positive or non-finite weights', () => {
    expect(() => buildArcs([])).toThrow(RangeError);
    expect(() => buildArcs([1, 0])).toThrow(/weight 1/);
    expect(() => buildArcs([1, -2])).toThrow(RangeError);
    expect(() => buildArcs([Number.NaN])).toThrow(RangeError);
    expect(() => buildArcs([Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });
});

describe('normalizeDegrees / pointerAngle', () => {
  it('normalizes into [0, 360), negatives included', () => {
    expect(normalizeDegrees(0)).toBe(0);
    expect(normalizeDegrees(360)).toBe(0);
    expect(normalizeDegrees(725)).toBe(5);
    expect(normalizeDegrees(-90)).toBe(270);
    expect(normalizeDegrees(-360)).toBe(0);
  });

  it('puts the wheel angle (360 − θ mod 360) mod 360 under the pointer', () => {
    expect(pointerAngle(0)).toBe(0);
    expect(pointerAngle(90)).toBe(270); // turned a quarter clockwise: the slice from 9 o'clock is on top
    expect(pointerAngle(270)).toBe(90);
    expect(pointerAngle(360 * 6 + 10)).toBe(350);
  });
});

describe('indexAt', () => {
  const arcs = buildArcs([1, 2, 1]); // [0,90) [90,270) [270,360)

  it('uses half-open arcs: a boundary belongs to the slice that starts there', () => {
    expect(indexAtAngle(arcs, 0)).toBe(0);
    expect(indexAtAngle(arcs, 89.999)).toBe(0);
    expect(indexAtAngle(arcs, 90)).toBe(1);
    expect(indexAtAngle(arcs, 270)).toBe(2);
    expect(indexAtAngle(arcs, 359.999)).toBe(2);
    expect(indexAtAngle(arcs, 360)).toBe(0);
  });

  it('finds the entry under the pointer for a rotation', () => {
    expect(indexAt(arcs, 0)).toBe(0);
    expect(indexAt(arcs, 45)).toBe(2); // pointer sees 315
    expect(indexAt(arcs, 180)).toBe(1); // pointer sees 180
    expect(indexAt(arcs, 315)).toBe(0); // pointer sees 45
  });
});
