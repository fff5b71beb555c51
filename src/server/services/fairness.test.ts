// Fair randomness, shown: 200,000 real draws (node:crypto through core's rejection sampling) from a
// uniform and from a weighted wheel, checked with Pearson's chi-square test. The bar is p < 1e-6,
// so an honest generator fails about once in a million runs, while a modulo bias or an ignored
// weight fails every time (see the control cases).
import { describe, expect, it } from 'vitest';
import { weightedIndex, type RandomSource } from '../../core/index.ts';
import { chiSquareGoodnessOfFit } from '../test-support/chi-square.ts';
import { createCryptoRandom } from './crypto-random.ts';

const DRAWS = 200_000;
const FAIL_BELOW_P = 1e-6;

function countDraws(random: RandomSource, weights: number[]): Float64Array {
  const counts = new Float64Array(weights.length);
  for (let i = 0; i < DRAWS; i++) counts[weightedIndex(random, weights)]! += 1;
  return counts;
}

function probabilitiesOf(weights: number[]): number[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  return weights.map((w) => w / total);
}

describe('draws with node:crypto', () => {
  it('are uniform over a 50-entry wheel (chi-square, p ≥ 1e-6)', () => {
    const weights = new Array<number>(50).fill(1);
    const result = chiSquareGoodnessOfFit(
      countDraws(createCryptoRandom(), weights),
      probabilitiesOf(weights),
    );
    expect(result.degreesOfFreedom).toBe(49);
    expect(result.pValue).toBeGreaterThanOrEqual(FAIL_BELOW_P);
  });

  it('honour weights 1..10 (chi-square, p ≥ 1e-6)', () => {
    const weights = Array.from({ length: 10 }, (_, i) => i + 1);
    const result = chiSquareGoodnessOfFit(
      countDraws(createCryptoRandom(), weights),
      probabilitiesOf(weights),
    );
    expect(result.pValue).toBeGreaterThanOrEqual(FAIL_BELOW_P);
  });

  it('the test has teeth: ignoring the weights, or a modulo-biased source, is caught', () => {
    const weights = Array.from({ length: 10 }, (_, i) => i + 1);
    const uniformCounts = countDraws(createCryptoRandom(), new Array<number>(10).fill(1));
    expect(chiSquareGoodnessOfFit(uniformCounts, probabilitiesOf(weights)).pValue).toBeLessThan(FAIL_BELOW_P);

    // A byte-sized generator folded with a modulo: 256 % 50 = 6, so six indexes get an extra share.
    const crypto = createCryptoRandom();
    const counts = new Float64Array(50);
    for (let i = 0; i < DRAWS; i++) counts[(crypto.nextUint32() & 0xff) % 50]! += 1;
    const uniform = new Array<number>(50).fill(1 / 50);
    expect(chiSquareGoodnessOfFit(counts, uniform).pValue).toBeLessThan(FAIL_BELOW_P);
  });
});
