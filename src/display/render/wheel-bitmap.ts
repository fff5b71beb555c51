import type { Entry, WheelArcs } from '../../core/index.ts';
import { computeColourBands } from './colour-bands.ts';
import { SLICE_COLOURS, sliceColourIndex } from './palette.ts';
import type { WheelTheme } from './theme.ts';

/** The static wheel is cached at most this many device pixels on a side (area ≤ 4096²). */
export const MAX_BITMAP_SIDE_PX = 4096;

/** Colour bands are at least this wide at the rim (see computeColourBands). */
const MIN_BAND_RIM_PX = 6;
/** Slices at least this wide at the rim get a separator line. */
const SEPARATOR_MIN_RIM_WIDTH_PX = 6;
const HUB_RADIUS_SHARE = 0.09;
const LABEL_OUTER_SHARE = 0.93;

export interface WheelBitmap {
  readonly canvas: HTMLCanvasElement;
  readonly sidePx: number;
  readonly labelCount: number;
  readonly buildMs: number;
}

const DEGREES_TO_RADIANS = Math.PI / 180;

/** Canvas angle (radians, 0 = 3 o'clock) of a wheel angle (degrees clockwise from 12 o'clock). */
export function canvasAngle(wheelDegrees: number): number {
  return (wheelDegrees - 90) * DEGREES_TO_RADIANS;
}

/**
 * Draws the static wheel — slices, labels, rim, hub — once into an offscreen canvas at rotation 0.
 * Slices are batched into one path per colour (colour bands, see computeColourBands); labels only where a slice is wide enough at the label
 * for the font height; each name is measured once. Each step runs in its own try/catch so a failing
 * step leaves the others on the bitmap.
 */
export function buildWheelBitmap(options: {
  entries: readonly Entry[];
  arcs: WheelArcs;
  /** Wanted side in device pixels; capped at MAX_BITMAP_SIDE_PX. */
  sidePx: number;
  pixelRatio: number;
  theme: WheelTheme;
  now?: () => number;
}): WheelBitmap {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const side = Math.max(2, Math.min(MAX_BITMAP_SIDE_PX, Math.round(options.sidePx)));
  const canvas = document.createElement('canvas');
  canvas.width = side;
  canvas.height = side;
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('no 2d context for the wheel bitmap');
  const scale = side / Math.max(1, options.sidePx); // < 1 when capped
  const pixelRatio = options.pixelRatio * scale;
  const center = side / 2;
  const rimWidth = Math.max(2, side * 0.012);
  const radius = center - rimWidth;
  const { arcs, theme } = options;
  // Bands at least this wide at the rim; a slice this wide or wider is its own band.
  const minBandDegrees = (MIN_BAND_RIM_PX / radius) * (180 / Math.PI);
  const bands = computeColourBands(arcs.bounds, arcs.count, minBandDegrees);
  const painter: BitmapPainter = { ctx, arcs, theme, center, radius, rimWidth, pixelRatio, bands };
  let labelCount = 0;
  step('slices', () => paintSlices(painter));
  step('separators', () => paintSeparators(painter));
  step('labels', () => (labelCount = paintLabels(painter, options.entries)));
  step('rim and hub', () => paintRimAndHub(painter));

  return { canvas, sidePx: side, labelCount, buildMs: now() - started };
}

/** One bitmap being built: where the wheel sits on it, and its colour bands. */
interface BitmapPainter {
  readonly ctx: CanvasRenderingContext2D;
  readonly arcs: WheelArcs;
  readonly theme: WheelTheme;
  /** Device pixels on the bitmap. */
  readonly center: number;
  readonly radius: number;
  readonly rimWidth: number;
  readonly pixelRatio: number;
  /** Slice indexes where colour bands start, and the end (see computeColourBands). */
  readonly bands: Int32Array;
}

/** A failing step is logged and the rest of the wheel is still drawn. */
function step(name: string, draw: () => void): void {
  try {
    draw();
  } catch (error) {
    console.error(`prizewheel: wheel bitmap step ${name} failed`, error);
  }
}

function paintSlices({ ctx, arcs, center, radius, bands }: BitmapPainter): void {
  const bandCount = bands.length - 1;
  const paths = SLICE_COLOURS.map(() => new Path2D());
  const { bounds } = arcs;
  for (let b = 0; b < bandCount; b++) {
    const from = bounds[bands[b] as number] as number;
    const to = bounds[bands[b + 1] as number] as number;
    const path = paths[sliceColourIndex(b, bandCount)] as Path2D;
    path.moveTo(center, center);
    path.arc(center, center, radius, canvasAngle(from), canvasAngle(to));
    path.closePath();
  }
  paths.forEach((path, colour) => {
    ctx.fillStyle = SLICE_COLOURS[colour] as string;
    ctx.fill(path);
  });
}

function paintSeparators({ ctx, arcs, theme, center, radius, pixelRatio, bands }: BitmapPainter): void {
  const bandCount = bands.length - 1;
  if (bandCount < 2) return;
  const { bounds } = arcs;
  const path = new Path2D();
  let any = false;
  for (let b = 0; b < bandCount; b++) {
    const first = bands[b] as number;
    // Lines only around single-slice bands: a line inside a grouped band would fake a slice edge.
    if ((bands[b + 1] as number) - first !== 1) continue;
    const width = (bounds[first + 1] as number) - (bounds[first] as number);
    if (width * DEGREES_TO_RADIANS * radius < SEPARATOR_MIN_RIM_WIDTH_PX) continue;
    for (const edge of [bounds[first] as number, bounds[first + 1] as number]) {
      const a = canvasAngle(edge);
      path.moveTo(center, center);
      path.lineTo(center + radius * Math.cos(a), center + radius * Math.sin(a));
    }
    any = true;
  }
  if (!any) return;
  ctx.strokeStyle = theme.separator;
  ctx.lineWidth = Math.max(1, pixelRatio);
  ctx.stroke(path);
}

/** Writes the names that fit along their slices; answers how many were written. */
function paintLabels(painter: BitmapPainter, entries: readonly Entry[]): number {
  const { ctx, arcs, theme, center, radius, pixelRatio } = painter;
  const fontPx = Math.max(11 * pixelRatio, Math.min(36 * pixelRatio, radius * 0.045));
  const hubRadius = radius * HUB_RADIUS_SHARE;
  const outer = radius * LABEL_OUTER_SHARE;
  const minTextWidth = fontPx * 2.5;
  // Widest slice first is not needed: a slice is labelled only when the font fits at the label.
  const { bounds, count } = arcs;
  const minWidthRadians = (fontPx * 1.15) / (outer - minTextWidth); // narrower slices can't hold a label
  ctx.font = `600 ${Math.round(fontPx)}px ${theme.fontFamily}`;
  ctx.fillStyle = theme.label;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ctx.shadowColor = 'rgba(0, 0, 0, 0.45)';
  ctx.shadowBlur = fontPx * 0.15;
  let labelCount = 0;
  for (let i = 0; i < count; i++) {
    const from = bounds[i] as number;
    const widthRadians = ((bounds[i + 1] as number) - from) * DEGREES_TO_RADIANS;
    if (widthRadians < minWidthRadians) continue;
    // The text may reach inward only as far as the slice stays one font height wide.
    const innermost = Math.max(hubRadius + fontPx * 0.5, (fontPx * 1.15) / Math.min(widthRadians, Math.PI));
    const room = outer - innermost;
    if (room < minTextWidth) continue;
    const entry = entries[i];
    if (entry === undefined) continue;
    const text = fitText(ctx, entry.name, room);
    if (text === '') continue;
    ctx.save();
    ctx.translate(center, center);
    ctx.rotate(canvasAngle(from) + widthRadians / 2);
    ctx.fillText(text, outer, 0);
    ctx.restore();
    labelCount += 1;
  }
  ctx.shadowBlur = 0;
  return labelCount;
}

function paintRimAndHub({ ctx, theme, center, radius, rimWidth }: BitmapPainter): void {
  ctx.beginPath();
  ctx.arc(center, center, radius + rimWidth / 2, 0, 2 * Math.PI);
  ctx.strokeStyle = theme.rim;
  ctx.lineWidth = rimWidth;
  ctx.stroke();
  ctx.beginPath();
  ctx.arc(center, center, radius * HUB_RADIUS_SHARE, 0, 2 * Math.PI);
  ctx.fillStyle = theme.hub;
  ctx.fill();
}

/** The text cut to fit `maxWidth`, with an ellipsis; measured once, the cut estimated from that width. */
function fitText(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  const width = ctx.measureText(trimmed).width;
  if (width <= maxWidth) return trimmed;
  const keep = Math.floor((trimmed.length * maxWidth) / width) - 2;
  return keep < 2 ? '' : `${Array.from(trimmed).slice(0, keep).join('').trimEnd()}…`;
}
