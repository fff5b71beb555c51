import { describe, expect, it } from 'vitest';
import { uniformInt } from '../../core/index.ts';
import { createCryptoRandom } from './crypto-random.ts';

describe('createCryptoRandom', () => {
  it('gives 32-bit unsigned integers across buffer refills', () => {
    const random = createCryptoRandom();
    const values = Array.from({ length: 1_000 }, () => random.nextUint32());
    expect(values.every((value) => Number.isInteger(value) && value >= 0 && value < 2 ** 32)).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(990);
  });

  it('reaches every outcome of a small draw', () => {
    const random = createCryptoRandom();
    const seen = new Set(Array.from({ length: 500 }, () => uniformInt(random, 5)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4]);
  });
});
