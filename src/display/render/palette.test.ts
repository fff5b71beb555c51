import { describe, expect, it } from 'vitest';
import { computeColourBands } from './colour-bands.ts';
import { SLICE_COLOURS, sliceColourIndex } from './palette.ts';

describe('sliceColourIndex', () => {
  it('never gives two neighbours the same colour, the last and the first included', () => {
    for (const paletteSize of [3, 4, SLICE_COLOURS.length]) {
      for (let count = 2; count <= 60; count++) {
        const colours = Array.from({ length: count }, (_, i) => sliceColourIndex(i, count, paletteSize));
        for (let i = 0; i < count; i++) {
          expect(colours[i], `count ${count}, slice ${i}`).not.toBe(colours[(i + 1) % count]);
          expect(colours[i]).toBeLessThan(paletteSize);
        }
      }
    }
  });
});

describe('computeColourBands', () => {
  const boundsOf = (weights: number[]): Float64Array => {
    const total = weights.reduce((a, b) => a + b, 0);
    const bounds = new Float64Array(weights.length + 1);
    weights.forEach((w, i) => (bounds[i + 1] = (bounds[i] as number) + (360 * w) / total));
    bounds[weights.length] = 360;
    return bounds;
  };

  it('gives each wide slice its own band', () => {
    expect([...computeColourBands(boundsOf([1, 1, 1, 1]), 4, 10)]).toEqual([0, 1, 2, 3, 4]);
  });

  it('groups narrow slices into bands at least the minimum wide that cover every slice', () => {
    const count = 10_000;
    const bounds = boundsOf(Array.from({ length: count }, (_, i) => 1 + (i % 7)));
    const bands = computeColourBands(bounds, count, 1.5);
    expect(bands[0]).toBe(0);
    expect(bands[bands.length - 1]).toBe(count);
    for (let b = 0; b + 1 < bands.length; b++) {
      expect(bands[b + 1]).toBeGreaterThan(bands[b] as number);
      expect(
        (bounds[bands[b + 1] as number] as number) - (bounds[bands[b] as number] as number),
      ).toBeGreaterThanOrEqual(1.5);
    }
  });

  it('keeps a single slice as one band', () => {
    expect([...computeColourBands(boundsOf([1]), 1, 10)]).toEqual([0, 1]);
  });

  it('keeps a wide last slice as its own band after narrow ones', () => {
    const bands = computeColourBands(boundsOf([1, 1, 1, 1, 100]), 5, 5);
    expect(bands[bands.length - 2]).toBe(4);
  });
});
