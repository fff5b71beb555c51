/**
 * Where things go on the screen, in CSS pixels. From the top: the header band (the wheel's title and
 * logo, when it has either), the callout band, the pointer, the wheel.
 */
export interface ScreenLayout {
  readonly width: number;
  readonly height: number;
  readonly centerX: number;
  readonly centerY: number;
  readonly radius: number;
  /** Height of the band across the top that holds the title and the logo; 0 without either. */
  readonly headerHeight: number;
  /** Height of the band above the wheel (below the header) that holds the callout. */
  readonly calloutBandHeight: number;
  readonly pointerSize: number;
  /** A prize card has its own room: the right column (landscape) or the band below the wheel (portrait). */
  readonly card: boolean;
  /**
   * The box the batch grid and the winners scene use: the wheel's column (landscape) or the space
   * down to the wheel's bottom (portrait), so the title, logo and prize card stay readable.
   */
  readonly stage: {
    readonly left: number;
    readonly top: number;
    readonly width: number;
    readonly height: number;
  };
  /** The grids' text size: at least 28 px (legible from the back of a room at 1280×720). */
  readonly gridFontPx: number;
}

const HEADER_BAND_SHARE = 0.09;
const HEADER_BAND_MIN_PX = 56;
/**
 * Portrait screens have height to spare above a wheel as wide as the screen: the band is this many
 * times taller there, so a long title wraps onto a few lines (appearance.css) instead of shrinking.
 */
const HEADER_PORTRAIT_FACTOR = 2;
const HEADER_BAND_MAX_PX = 160;
const CALLOUT_BAND_SHARE = 0.15;
const CALLOUT_BAND_MIN_PX = 72;
const CALLOUT_BAND_MAX_PX = 220;
const MARGIN_SHARE = 0.03;
/** With a prize card in landscape, each side column keeps this share (the card right; the wheel stays centred). */
const CARD_COLUMN_SHARE = 0.25;
/** With a prize card in portrait, the wheel takes at most this share of the height. */
const CARD_PORTRAIT_WHEEL_SHARE = 0.5;
export const GRID_FONT_MIN_PX = 28;
const GRID_FONT_SHARE = 0.039;
const GRID_FONT_MAX_PX = 84;

/**
 * `card`: a prize card shares the screen. `header`: the wheel has a title or a logo, shown in a band
 * across the top (one line, never a narrow column beside the wheel).
 */
export function computeLayout(
  width: number,
  height: number,
  options: { card?: boolean; header?: boolean } = {},
): ScreenLayout {
  const card = options.card === true;
  const landscape = width >= height;
  const shortSide = Math.max(1, Math.min(width, height));
  const headerHeight =
    options.header === true
      ? Math.min(HEADER_BAND_MAX_PX, Math.max(HEADER_BAND_MIN_PX, shortSide * HEADER_BAND_SHARE)) *
        (landscape ? 1 : HEADER_PORTRAIT_FACTOR)
      : 0;
  const calloutBandHeight = Math.min(
    CALLOUT_BAND_MAX_PX,
    Math.max(CALLOUT_BAND_MIN_PX, shortSide * CALLOUT_BAND_SHARE),
  );
  const margin = shortSide * MARGIN_SHARE;
  const pointerSize = Math.max(14, shortSide * 0.04);
  let diameter = Math.max(
    0,
    Math.min(width - 2 * margin, height - headerHeight - calloutBandHeight - 2 * margin - pointerSize),
  );
  if (card && landscape) diameter = Math.min(diameter, width * (1 - 2 * CARD_COLUMN_SHARE));
  if (card && !landscape) diameter = Math.min(diameter, height * CARD_PORTRAIT_WHEEL_SHARE);
  const radius = diameter / 2;
  const above = headerHeight + calloutBandHeight + pointerSize;
  const centerY = card && !landscape ? above + radius + margin : above + (height - above) / 2;
  const centerX = width / 2;
  const stageTop = headerHeight + margin;
  const stage = landscape
    ? {
        left: centerX - radius,
        top: stageTop,
        width: diameter,
        height: Math.max(0, height - stageTop - margin),
      }
    : {
        left: margin,
        top: stageTop,
        width: Math.max(0, width - 2 * margin),
        height: Math.max(0, centerY + radius - stageTop),
      };
  const gridFontPx = Math.min(GRID_FONT_MAX_PX, Math.max(GRID_FONT_MIN_PX, shortSide * GRID_FONT_SHARE));
  return {
    width,
    height,
    centerX,
    centerY,
    radius,
    headerHeight,
    calloutBandHeight,
    pointerSize,
    card,
    stage,
    gridFontPx,
  };
}
