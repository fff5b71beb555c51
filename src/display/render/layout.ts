/** Where things go on the screen, in CSS pixels. The pointer sits at the top of the wheel. */
export interface ScreenLayout {
  readonly width: number;
  readonly height: number;
  readonly centerX: number;
  readonly centerY: number;
  readonly radius: number;
  /** Height of the band above the wheel that holds the callout. */
  readonly calloutBandHeight: number;
  readonly pointerSize: number;
}

const CALLOUT_BAND_SHARE = 0.15;
const CALLOUT_BAND_MIN_PX = 72;
const CALLOUT_BAND_MAX_PX = 220;
const MARGIN_SHARE = 0.03;

export function computeLayout(width: number, height: number): ScreenLayout {
  const shortSide = Math.max(1, Math.min(width, height));
  const calloutBandHeight = Math.min(
    CALLOUT_BAND_MAX_PX,
    Math.max(CALLOUT_BAND_MIN_PX, shortSide * CALLOUT_BAND_SHARE),
  );
  const margin = shortSide * MARGIN_SHARE;
  const pointerSize = Math.max(14, shortSide * 0.04);
  const diameter = Math.max(
    0,
    Math.min(width - 2 * margin, height - calloutBandHeight - 2 * margin - pointerSize),
  );
  const radius = diameter / 2;
  const centerY = calloutBandHeight + pointerSize + (height - calloutBandHeight - pointerSize) / 2;
  return { width, height, centerX: width / 2, centerY, radius, calloutBandHeight, pointerSize };
}
