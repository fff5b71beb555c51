import { describe, expect, it } from 'vitest';
import { createSeededRandom, nextFloat } from '../../core/index.ts';
import { kolmogorovSmirnovTwoSample, kolmogorovTailProbability } from './kolmogorov-smirnov.ts';

describe('kolmogorovTailProbability', () => {
  it('matches the Kolmogorov distribution on both series (values from scipy.special.kolmogorov)', () => {
    expect(kolmogorovTailProbability(0)).toBe(1);
    expect(kolmogorovTailProbability(0.2)).toBeCloseTo(0.999999999999495, 12);
    expect(kolmogorovTailProbability(0.5)).toBeCloseTo(0.9639452436648751, 12);
    expect(kolmogorovTailProbability(1)).toBeCloseTo(0.26999967167735456, 12);
    expect(kolmogorovTailProbability(1.1799)).toBeCloseTo(0.12351204971188676, 12);
    expect(kolmogorovTailProbability(1.18)).toBeCloseTo(0.1234538094297657, 12);
    expect(kolmogorovTailProbability(1.5)).toBeCloseTo(0.022217962616525127, 12);
    expect(kolmogorovTailProbability(2)).toBeCloseTo(0.0006709252557796953, 14);
    expect(kolmogorovTailProbability(3)).toBeCloseTo(3.045995948942526e-8, 18);
  });

  it('gives the published critical values: 5 % at λ = 1.3581, 1 % at λ = 1.6276', () => {
    expect(kolmogorovTailProbability(1.3580986393225507)).toBeCloseTo(0.05, 12);
    expect(kolmogorovTailProbability(1.6276236115189502)).toBeCloseTo(0.01, 12);
  });

  it('refuses a negative λ', () => {
    expect(() => kolmogorovTailProbability(-0.1)).toThrow(RangeError);
  });
});

describe('kolmogorovSmirnovTwoSample', () => {
  it('computes D as the largest gap between the empirical distribution functions', () => {
    // Checked against scipy.stats.ks_2samp.
    expect(
      kolmogorovSmirnovTwoSample([0.1, 0.4, 0.7, 0.9, 1.3], [0.35, 0.8, 1.5, 2.0]).statistic,
    ).toBeCloseTo(0.5, 15);
    // Ties within and across the samples are stepped over together.
    expect(kolmogorovSmirnovTwoSample([1, 2, 2, 3], [2, 2, 3, 4, 5]).statistic).toBeCloseTo(0.4, 15);
    expect(kolmogorovSmirnovTwoSample([3, 1, 2], [2, 3, 1])).toEqual({ statistic: 0, pValue: 1 });
    expect(kolmogorovSmirnovTwoSample([1, 2], [3, 4]).statistic).toBe(1);
  });

  it('finds two samples of one distribution plausible and a shifted or narrowed one implausible', () => {
    const random = createSeededRandom(7);
    const uniform = (count: number, from = 0, to = 1): number[] =>
      Array.from({ length: count }, () => from + nextFloat(random) * (to - from));
    const reference = uniform(2_000);
    expect(kolmogorovSmirnovTwoSample(reference, uniform(2_000)).pValue).toBeGreaterThan(0.01);
    expect(kolmogorovSmirnovTwoSample(reference, uniform(2_000, 0.05, 1.05)).pValue).toBeLessThan(0.01);
    expect(kolmogorovSmirnovTwoSample(reference, uniform(2_000, 0.4, 0.6)).pValue).toBeLessThan(1e-12);
  });

  it('refuses an empty sample or NaN', () => {
    expect(() => kolmogorovSmirnovTwoSample([], [1])).toThrow(RangeError);
    expect(() => kolmogorovSmirnovTwoSample([1, Number.NaN], [1])).toThrow(RangeError);
  });
});
