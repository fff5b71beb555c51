/**
 * Colour bands: runs of consecutive slices that share one colour. A slice at least `minBandDegrees`
 * wide is its own band, so visible neighbours always differ in colour. Slices narrower than that
 * (thousands of entries on one wheel: a slice is below a pixel at the rim) are grouped with their
 * neighbours until the run is `minBandDegrees` wide. Alternating colours per sub-pixel slice only
 * blends into a muddy moiré and costs one path per slice; bands keep the wheel readable and the
 * bitmap cheap, while the callout at the pointer names the exact entry.
 *
 * Returns band starts as slice indices: band b covers slices starts[b] .. starts[b + 1] − 1, with
 * starts[0] = 0 and a final sentinel starts[bandCount] = count.
 */
export function computeColourBands(bounds: Float64Array, count: number, minBandDegrees: number): Int32Array {
  const starts: number[] = [0];
  let bandStart = 0;
  for (let i = 0; i < count; i++) {
    const end = i + 1;
    if (end < count && (bounds[end] as number) - (bounds[bandStart] as number) >= minBandDegrees) {
      starts.push(end);
      bandStart = end;
    }
  }
  // A last run narrower than a band joins the band before it (unless it is the only band).
  const lastStart = starts[starts.length - 1] as number;
  if (starts.length > 1 && 360 - (bounds[lastStart] as number) < minBandDegrees) {
    const lastIsOneWideSlice =
      lastStart === count - 1 && 360 - (bounds[lastStart] as number) >= minBandDegrees;
    if (!lastIsOneWideSlice) starts.pop();
  }
  starts.push(count);
  return Int32Array.from(starts);
}
