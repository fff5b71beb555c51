import type { RandomSource } from './types.ts';

const TWO_POW_32 = 0x1_0000_0000;
const TWO_POW_53 = 2 ** 53;

/** A uniform integer in [0, 2^53). */
export function nextUint53(random: RandomSource): number {
  const high = random.nextUint32() >>> 11; // 21 bits
  const low = random.nextUint32() >>> 0; // 32 bits
  return high * TWO_POW_32 + low;
}

/** A uniform float in [0, 1) with 53 random bits. */
export function nextFloat(random: RandomSource): number {
  return nextUint53(random) / TWO_POW_53;
}

/**
 * A uniform integer in [0, n) by rejection sampling: no modulo bias.
 * `n` must be a positive safe integer ≤ 2^53.
 */
export function uniformInt(random: RandomSource, n: number): number {
  if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError(`n must be a positive safe integer, got ${n}`);
  if (n === 1) return 0;
  if (n <= TWO_POW_32) {
    const limit = TWO_POW_32 - (TWO_POW_32 % n); // largest multiple of n ≤ 2^32
    for (;;) {
      const r = random.nextUint32() >>> 0;
      if (r < limit) return r % n;
    }
  }
  const limit = TWO_POW_53 - (TWO_POW_53 % n);
  for (;;) {
    const r = nextUint53(random);
    if (r < limit) return r % n;
  }
}

/** A uniform integer in [min, max] (both inclusive). */
export function uniformIntBetween(random: RandomSource, min: number, max: number): number {
  if (max < min) throw new RangeError(`empty range ${min}..${max}`);
  return min + uniformInt(random, max - min + 1);
}

/**
 * Picks an index with probability weight_i / Σ weight.
 * Integer weights (the usual case) are drawn exactly by rejection sampling over Σ weight;
 * fractional weights use a 53-bit uniform float, biased by at most 2^-53.
 */
export function weightedIndex(random: RandomSource, weights: ArrayLike<number>): number {
  const n = weights.length;
  if (n === 0) throw new RangeError('no weights');
  let total = 0;
  let integral = true;
  for (let i = 0; i < n; i++) {
    const w = weights[i] as number;
    if (!(Number.isFinite(w) && w > 0)) throw new RangeError(`weight ${i} must be a finite number > 0`);
    if (!Number.isInteger(w)) integral = false;
    total += w;
  }
  const point =
    integral && Number.isSafeInteger(total) ? uniformInt(random, total) : nextFloat(random) * total;
  // First index whose cumulative weight exceeds the point.
  let cumulative = 0;
  for (let i = 0; i < n; i++) {
    cumulative += weights[i] as number;
    if (point < cumulative) return i;
  }
  return n - 1; // only reachable through float rounding at the very end
}

/**
 * A small deterministic generator (SplitMix32) for tests and simulations. Never for draws.
 */
export function createSeededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return {
    nextUint32() {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    },
  };
}
