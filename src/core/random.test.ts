import { describe, expect, it } from 'vitest';
import { createSeededRandom, nextFloat, uniformInt, uniformIntBetween, weightedIndex } from './random.ts';
import type { RandomSource } from './types.ts';

/** A source that replays fixed values, to show exactly which draws are rejected. */
function scripted(values: number[]): RandomSource & { used: number } {
  const source = {
    used: 0,
    nextUint32() {
      const value = values[source.used++];
      if (value === undefined) throw new Error('script exhausted');
      return value;
    },
  };
  return source;
}

describe('uniformInt', () => {
  it('rejects the biased tail instead of folding it with a modulo', () => {
    // n = 3: 2^32 mod 3 = 1, so the largest accepted value is 2^32 − 2.
    const source = scripted([0xffff_ffff, 0xffff_fffe]);
    expect(uniformInt(source, 3)).toBe(0xffff_fffe % 3);
    expect(source.used).toBe(2);
  });

  it('accepts values under the limit at once', () => {
    const source = scripted([7]);
    expect(uniformInt(source, 5)).toBe(2);
    expect(source.used).toBe(1);
  });

  it('stays in range and covers it, also above 2^32', () => {
    const random = createSeededRandom(1);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const value = uniformInt(random, 6);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(6);
      seen.add(value);
      const big = uniformInt(random, 2 ** 40 + 3);
      expect(big).toBeLessThan(2 ** 40 + 3);
      expect(Number.isInteger(big)).toBe(true);
    }
    expect(seen.size).toBe(6);
  });

  it('refuses an empty or non-integer range', () => {
    const random = createSeededRandom(1);
    expect(() => uniformInt(random, 0)).toThrow(RangeError);
    expect(() => uniformInt(random, 2.5)).toThrow(RangeError);
    expect(() => uniformIntBetween(random, 5, 4)).toThrow(RangeError);
  });
});

describe('nextFloat', () => {
  it('is in [0, 1)', () => {
    expect(nextFloat(scripted([0, 0]))).toBe(0);
    expect(nextFloat(scripted([0xffff_ffff, 0xffff_ffff]))).toBeLessThan(1);
  });
});

describe('weightedIndex', () => {
  it('maps integer weights exactly onto cumulative ranges', () => {
    // weights 1, 3, 1 (total 5): points 0 → 0, 1..3 → 1, 4 → 2
    expect(weightedIndex(scripted([0]), [1, 3, 1])).toBe(0);
    expect(weightedIndex(scripted([1]), [1, 3, 1])).toBe(1);
    expect(weightedIndex(scripted([3]), [1, 3, 1])).toBe(1);
    expect(weightedIndex(scripted([4]), [1, 3, 1])).toBe(2);
  });

  it('honours fractional weights', () => {
    const random = createSeededRandom(99);
    const counts = [0, 0];
    for (let i = 0; i < 20_000; i++) counts[weightedIndex(random, [0.5, 1.5])]!++;
    expect(counts[1]! / counts[0]!).toBeGreaterThan(2.5);
    expect(counts[1]! / counts[0]!).toBeLessThan(3.5);
  });

  it('rejects bad weights', () => {
    const random = createSeededRandom(1);
    expect(() => weightedIndex(random, [])).toThrow(RangeError);
    expect(() => weightedIndex(random, [1, 0])).toThrow(RangeError);
  });
});
