import { describe, expect, it } from 'vitest';
import {
  chiSquareGoodnessOfFit,
  chiSquareHomogeneity,
  logGamma,
  regularizedUpperGamma,
} from './chi-square.ts';

describe('logGamma', () => {
  it('matches factorials and Γ(1/2) = √π', () => {
    expect(logGamma(1)).toBeCloseTo(0, 9);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 9);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 9);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 6);
  });
});

describe('regularizedUpperGamma', () => {
  it('is exp(-x) for a = 1 (exponential tail), on both branches', () => {
    for (const x of [0, 0.1, 1.5, 2, 10, 40])
      expect(regularizedUpperGamma(1, x)).toBeCloseTo(Math.exp(-x), 12);
  });

  it('is erfc(√x) for a = 1/2', () => {
    // erfc(1) and erfc(3), from tables.
    expect(regularizedUpperGamma(0.5, 1)).toBeCloseTo(0.15729920705028513, 10);
    expect(regularizedUpperGamma(0.5, 9)).toBeCloseTo(2.209049699858544e-5, 14);
  });

  it('gives chi-square tail probabilities from published tables', () => {
    // χ² critical values: P(X > 3.841) = 0.05 at 1 dof; P(X > 66.339) = 0.05 at 49 dof;
    // 16.919 and 21.666 are the 5 % and 1 % critical values at 9 dof.
    expect(regularizedUpperGamma(0.5, 3.841458820694124 / 2)).toBeCloseTo(0.05, 9);
    expect(regularizedUpperGamma(49 / 2, 66.33865 / 2)).toBeCloseTo(0.05, 5);
    expect(regularizedUpperGamma(9 / 2, 16.918977604620448 / 2)).toBeCloseTo(0.05, 9);
    expect(regularizedUpperGamma(9 / 2, 21.665994333461924 / 2)).toBeCloseTo(0.01, 9);
  });

  it('is 1 at x = 0 and decreases towards 0', () => {
    expect(regularizedUpperGamma(3, 0)).toBe(1);
    expect(regularizedUpperGamma(3, 100)).toBeLessThan(1e-30);
  });
});

describe('chiSquareGoodnessOfFit', () => {
  it('finds a fair sample plausible and a biased one implausible', () => {
    expect(chiSquareGoodnessOfFit([250, 250, 250, 250], [0.25, 0.25, 0.25, 0.25]).pValue).toBeCloseTo(1, 9);
    const biased = chiSquareGoodnessOfFit([400, 200, 200, 200], [0.25, 0.25, 0.25, 0.25]);
    expect(biased.statistic).toBeCloseTo(120, 9);
    expect(biased.degreesOfFreedom).toBe(3);
    expect(biased.pValue).toBeLessThan(1e-20);
  });
});

describe('chiSquareHomogeneity', () => {
  it('matches scipy.stats.chi2_contingency (no continuity correction)', () => {
    const skewed = chiSquareHomogeneity([
      [10, 20, 30],
      [20, 20, 20],
    ]);
    expect(skewed.statistic).toBeCloseTo(5.333333333333334, 12);
    expect(skewed.degreesOfFreedom).toBe(2);
    expect(skewed.pValue).toBeCloseTo(0.0694834512228015, 12);
    const alike = chiSquareHomogeneity([
      [500, 480, 510, 510],
      [520, 490, 495, 495],
    ]);
    expect(alike.statistic).toBeCloseTo(0.9430108402801034, 12);
    expect(alike.degreesOfFreedom).toBe(3);
    expect(alike.pValue).toBeCloseTo(0.8150378238682474, 12);
  });

  it('leaves out a category no sample hit, and is 1 for identical rows', () => {
    const result = chiSquareHomogeneity([
      [10, 0, 30],
      [10, 0, 30],
    ]);
    expect(result).toEqual({ statistic: 0, degreesOfFreedom: 1, pValue: 1 });
  });

  it('refuses fewer than two samples, ragged rows or an empty sample', () => {
    expect(() => chiSquareHomogeneity([[1, 2]])).toThrow(RangeError);
    expect(() => chiSquareHomogeneity([[1, 2], [1]])).toThrow(RangeError);
    expect(() =>
      chiSquareHomogeneity([
        [0, 0],
        [1, 2],
      ]),
    ).toThrow(RangeError);
  });
});
