import { describe, expect, it } from 'vitest';
import { computeLayout, GRID_FONT_MIN_PX } from './layout.ts';

const SCREENS = [
  { width: 390, height: 844 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

describe('computeLayout', () => {
  it.each(SCREENS)(
    'stacks header, callout, pointer and wheel without overlap inside $width×$height',
    ({ width, height }) => {
      for (const card of [false, true]) {
        const layout = computeLayout(width, height, { header: true, card });
        const wheelTop = layout.centerY - layout.radius;
        expect(layout.headerHeight).toBeGreaterThan(0);
        expect(wheelTop).toBeGreaterThanOrEqual(
          layout.headerHeight + layout.calloutBandHeight + layout.pointerSize,
        );
        expect(layout.centerY + layout.radius).toBeLessThanOrEqual(height);
        expect(layout.centerX - layout.radius).toBeGreaterThanOrEqual(0);
        expect(layout.centerX + layout.radius).toBeLessThanOrEqual(width);
        // The grids' box starts below the header: the title and logo stay readable over a batch.
        expect(layout.stage.top).toBeGreaterThanOrEqual(layout.headerHeight);
        expect(layout.stage.top + layout.stage.height).toBeLessThanOrEqual(height);
        expect(layout.gridFontPx).toBeGreaterThanOrEqual(GRID_FONT_MIN_PX);
      }
    },
  );

  it('keeps no header band for a wheel without title or logo, and gives it the whole height', () => {
    const bare = computeLayout(1366, 768);
    const headed = computeLayout(1366, 768, { header: true });
    expect(bare.headerHeight).toBe(0);
    expect(bare.radius).toBeGreaterThan(headed.radius);
    expect(bare.centerY - bare.radius).toBeGreaterThanOrEqual(bare.calloutBandHeight + bare.pointerSize);
  });

  it('gives a portrait screen a taller band (a long title wraps there) without shrinking its wheel', () => {
    const portrait = computeLayout(390, 844, { header: true });
    const landscape = computeLayout(844, 390, { header: true });
    expect(portrait.headerHeight).toBe(2 * landscape.headerHeight);
    expect(portrait.radius).toBe(computeLayout(390, 844).radius);
  });
});
