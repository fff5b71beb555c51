/** Slice colours for a dark big screen: saturated enough to tell apart from the back of a hall. */
export const SLICE_COLOURS: readonly string[] = [
  '#e6194b',
  '#f58231',
  '#ffd23f',
  '#3cb44b',
  '#1fa2a8',
  '#4363d8',
  '#911eb4',
  '#f032e6',
];

/**
 * The colour index of slice `index` of `count`: neighbours always differ, the last and the first
 * included (the wheel is a ring). Cycles the palette; when the cycle would put the first colour
 * next to itself, the last slice takes a colour unlike both of its neighbours.
 */
export function sliceColourIndex(index: number, count: number, paletteSize = SLICE_COLOURS.length): number {
  const natural = index % paletteSize;
  if (count > 1 && index === count - 1 && natural === 0) {
    // Neighbours: slice count − 2 (colour paletteSize − 1) and slice 0 (colour 0).
    return paletteSize > 2 ? 1 : 1 - natural;
  }
  return natural;
}
