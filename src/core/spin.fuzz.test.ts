import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildArcs, indexAt, normalizeDegrees } from './geometry.ts';
import { createSeededRandom } from './random.ts';
import { planSpinShape, rotationAt, spinEndRotation } from './spin.ts';

const weight = fc.oneof(
  fc.constant(1),
  fc.integer({ min: 1, max: 1000 }),
  fc.double({ min: 1e-3, max: 1e3, noNaN: true, noDefaultInfinity: true }),
);

describe('a planned spin always lands on its target (property)', () => {
  it('for any N up to 10,000, any weights, any target and any starting rotation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
        fc.nat(),
        weight,
        (n, seed, startRotation, targetSeed, baseWeight) => {
          const random = createSeededRandom(seed);
          // Mostly one weight with a few heavy or tiny outliers, the shapes real lists have.
          const weights = Array.from({ length: n }, (_, i) => (i % 97 === 3 ? baseWeight * 50 : baseWeight));
          const arcs = buildArcs(weights);
          const targetIndex = targetSeed % n;
          const shape = planSpinShape(random, { minRotations: 5, maxRotations: 8 });
          const start = normalizeDegrees(startRotation);
          const end = spinEndRotation(arcs, { targetIndex, ...shape }, start);
          expect(indexAt(arcs, end)).toBe(targetIndex);
          expect(rotationAt(start, end, 11_000, 11_000)).toBe(end);
          expect(end - start).toBeGreaterThanOrEqual(360 * shape.rotations);
          expect(end - start).toBeLessThan(360 * (shape.rotations + 1));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('for fully random weights on smaller wheels', () => {
    fc.assert(
      fc.property(
        fc.array(weight, { minLength: 1, maxLength: 500 }),
        fc.double({ min: 0, max: 360, maxExcluded: true, noNaN: true }),
        fc.nat(),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (weights, start, targetSeed, seed) => {
          const arcs = buildArcs(weights);
          const targetIndex = targetSeed % weights.length;
          const shape = planSpinShape(createSeededRandom(seed), { minRotations: 5, maxRotations: 8 });
          expect(indexAt(arcs, spinEndRotation(arcs, { targetIndex, ...shape }, start))).toBe(targetIndex);
        },
      ),
      { numRuns: 500 },
    );
  });
});
