import type { Entry, WheelArcs } from '../../core/index.ts';
import { computeLayout, type ScreenLayout } from './layout.ts';
import { buildWheelBitmap, canvasAngle, type WheelBitmap } from './wheel-bitmap.ts';
import type { WheelTheme } from './theme.ts';
import { markTiming } from '../timing-marks.ts';

export interface WheelContent {
  /** The snapshot checksum: part of the bitmap's cache key. */
  readonly checksum: string;
  readonly entries: readonly Entry[];
  readonly arcs: WheelArcs;
}

export interface FrameInput {
  readonly content: WheelContent | null;
  /** Degrees, clockwise. */
  readonly rotation: number;
  /** A slice to outline (the winner at rest), or null. */
  readonly highlightIndex: number | null;
  /** A prize card shares the screen: the wheel leaves it a column (see computeLayout). */
  readonly card?: boolean;
  /** The wheel has a title or a logo: the header band takes the top (see computeLayout). */
  readonly header?: boolean;
}

export interface RendererStats {
  bitmapBuildMs: number | null;
  bitmapBuilds: number;
  bitmapSidePx: number;
  labelCount: number;
  lastBitmapError: string | null;
}

export interface WheelRenderer {
  /** Draws one frame; returns true when the wheel itself (not only the background) is on screen. */
  draw(frame: FrameInput): boolean;
  readonly layout: ScreenLayout;
  readonly stats: RendererStats;
}

interface Viewport {
  width: number;
  height: number;
  pixelRatio: number;
}

/**
 * The window's size and pixel ratio, read again only after a `resize` (a zoom or a move to another
 * screen included) or a pixel-ratio change. NOTE: reading innerWidth in a frame after the page's DOM
 * changed (the winner's reveal) forces a layout inside the frame callback: 12-17 ms at the landing.
 */
function windowViewport(): () => Viewport {
  let current: Viewport | null = null;
  const forget = (): void => {
    current = null;
  };
  window.addEventListener('resize', forget);
  const watchPixelRatio = (): void => {
    const query = window.matchMedia?.(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    query?.addEventListener(
      'change',
      () => {
        forget();
        watchPixelRatio();
      },
      { once: true },
    );
  };
  watchPixelRatio();
  return () =>
    (current ??= {
      width: window.innerWidth,
      height: window.innerHeight,
      pixelRatio: window.devicePixelRatio || 1,
    });
}

/** What the painting functions draw on: the visible canvas at its current size. */
interface Surface {
  readonly ctx: CanvasRenderingContext2D;
  readonly canvas: HTMLCanvasElement;
  readonly theme: WheelTheme;
  layout: ScreenLayout;
  pixelRatio: number;
}

/**
 * Paints the background: the whole canvas after a resize or when the wheel goes away, otherwise
 * only the square the wheel and pointer occupy (software-rastered canvases pay per pixel).
 */
function paintBackground({ ctx, canvas, theme, layout, pixelRatio }: Surface, whole: boolean): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = theme.background;
  if (whole) {
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    return;
  }
  const pad = 2 * pixelRatio;
  const radius = layout.radius * pixelRatio;
  const top = (layout.centerY - layout.radius - layout.pointerSize * 2) * pixelRatio;
  const left = layout.centerX * pixelRatio - radius - pad;
  ctx.fillRect(left, top - pad, 2 * (radius + pad), layout.centerY * pixelRatio + radius + pad - top + pad);
}

/**
 * Rewrites one background pixel (same colour) on frames where nothing moves. NOTE: a canvas left
 * untouched for a second loses its compositor resources; the first two frames of the next spin
 * then took 16-22 ms each to make new ones (dropped frames at every spin start). One pixel a frame
 * keeps them (~0.3 ms of compositor work a frame).
 */
function keepCanvasWarm({ ctx, theme }: Surface): void {
  try {
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = theme.background;
    ctx.fillRect(0, 0, 1, 1);
  } catch (error) {
    console.error('prizewheel: canvas keep-warm failed', error);
  }
}

function paintHighlight(
  { ctx, theme, pixelRatio }: Surface,
  arcs: WheelArcs,
  index: number,
  radius: number,
): void {
  const from = arcs.bounds[index] as number;
  const to = arcs.bounds[index + 1] as number;
  ctx.beginPath();
  ctx.moveTo(0, 0);
  ctx.arc(0, 0, radius, canvasAngle(from), canvasAngle(to));
  ctx.closePath();
  ctx.fillStyle = 'rgba(255, 255, 255, 0.22)';
  ctx.fill();
  ctx.lineWidth = Math.max(2, 3 * pixelRatio);
  ctx.strokeStyle = theme.highlight;
  ctx.stroke();
}

function paintPointer({ ctx, theme, layout, pixelRatio }: Surface): void {
  const size = layout.pointerSize * pixelRatio;
  const tipX = layout.centerX * pixelRatio;
  const tipY = (layout.centerY - layout.radius) * pixelRatio + size * 0.6;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.beginPath();
  ctx.moveTo(tipX, tipY);
  ctx.lineTo(tipX - size * 0.6, tipY - size * 1.5);
  ctx.lineTo(tipX + size * 0.6, tipY - size * 1.5);
  ctx.closePath();
  ctx.fillStyle = theme.pointer;
  ctx.fill();
  // An outline rather than a shadow: a blur per frame is costly on software-rendered screens.
  ctx.lineJoin = 'round';
  ctx.lineWidth = Math.max(1, size * 0.08);
  ctx.strokeStyle = theme.background;
  ctx.stroke();
}

/** The wheel's bitmap turned to the frame's rotation, with the winner outlined. */
function paintWheel(surface: Surface, bitmap: WheelBitmap, content: WheelContent, frame: FrameInput): void {
  const { ctx, layout, pixelRatio } = surface;
  const radiusPx = layout.radius * pixelRatio;
  try {
    ctx.setTransform(1, 0, 0, 1, layout.centerX * pixelRatio, layout.centerY * pixelRatio);
    ctx.rotate(frame.rotation * (Math.PI / 180)); // positive is clockwise on a y-down canvas
    ctx.drawImage(bitmap.canvas, -radiusPx, -radiusPx, 2 * radiusPx, 2 * radiusPx);
    if (frame.highlightIndex !== null && frame.highlightIndex < content.arcs.count) {
      paintHighlight(surface, content.arcs, frame.highlightIndex, radiusPx * (1 - 0.012));
    }
  } catch (error) {
    console.error('prizewheel: wheel draw failed', error);
  }
  try {
    paintPointer(surface);
  } catch (error) {
    console.error('prizewheel: pointer draw failed', error);
  }
}

/**
 * The per-frame renderer: keeps the visible canvas at viewport × devicePixelRatio, rebuilds the
 * static wheel bitmap only when its key (checksum, size, pixel ratio, theme) changes, and otherwise
 * only rotates that bitmap and draws the overlay. Frame cost does not depend on the entry count.
 * Skips frames where nothing changed.
 */
export function createWheelRenderer(
  canvas: HTMLCanvasElement,
  theme: WheelTheme,
  options: { now?: () => number; viewport?: () => Viewport } = {},
): WheelRenderer {
  const viewport = options.viewport ?? windowViewport();
  const ctx = canvas.getContext('2d', { alpha: false });
  if (ctx === null) throw new Error('no 2d context');
  const surface: Surface = { ctx, canvas, theme, layout: computeLayout(1, 1), pixelRatio: 1 };
  let sizeKey = '';
  let bitmap: WheelBitmap | null = null;
  let bitmapKey = '';
  let failedKey = '';
  let lastDrawKey = '';
  let wheelOnScreen = false;
  /**
   * Nothing is drawn on the canvas until there is a wheel: the page's own background (the theme's)
   * shows meanwhile. NOTE: the first fill of a software-rastered full-screen canvas, and handing
   * it to the compositor, cost ~60 ms of main thread before the snapshot could be shown.
   */
  let canvasUsed = false;
  canvas.style.visibility = 'hidden';
  const stats: RendererStats = {
    bitmapBuildMs: null,
    bitmapBuilds: 0,
    bitmapSidePx: 0,
    labelCount: 0,
    lastBitmapError: null,
  };

  const resizeIfNeeded = (card: boolean, header: boolean): boolean => {
    const v = viewport();
    const key = `${v.width}x${v.height}@${v.pixelRatio}${card ? '+card' : ''}${header ? '+header' : ''}`;
    if (key === sizeKey) return false;
    sizeKey = key;
    surface.pixelRatio = v.pixelRatio;
    canvas.width = Math.max(1, Math.round(v.width * v.pixelRatio));
    canvas.height = Math.max(1, Math.round(v.height * v.pixelRatio));
    surface.layout = computeLayout(v.width, v.height, { card, header });
    return true;
  };

  const ensureBitmap = (content: WheelContent): void => {
    const { layout, pixelRatio } = surface;
    const sidePx = Math.round(layout.radius * 2 * pixelRatio);
    const key = `${content.checksum}|${sidePx}|${pixelRatio}|${theme.name}`;
    if (key === bitmapKey || key === failedKey || sidePx < 2) return;
    try {
      const built = buildWheelBitmap({
        entries: content.entries,
        arcs: content.arcs,
        sidePx,
        pixelRatio,
        theme,
        ...(options.now ? { now: options.now } : {}),
      });
      bitmap = built; // the old bitmap stays until the new one is ready
      markTiming('bitmap-built');
      bitmapKey = key;
      stats.bitmapBuildMs = built.buildMs;
      stats.bitmapBuilds += 1;
      stats.bitmapSidePx = built.sidePx;
      stats.labelCount = built.labelCount;
    } catch (error) {
      failedKey = key;
      stats.lastBitmapError = error instanceof Error ? error.message : String(error);
      console.error('prizewheel: wheel bitmap build failed', error);
    }
  };

  return {
    get layout() {
      return surface.layout;
    },
    stats,
    draw(frame) {
      const resized = resizeIfNeeded(frame.card === true, frame.header === true);
      const hadWheel = wheelOnScreen;
      const content = frame.content;
      if (content === null && !canvasUsed) return false;
      if (content !== null) ensureBitmap(content);
      const drawKey = `${bitmapKey}|${frame.rotation}|${frame.highlightIndex}|${content?.checksum ?? ''}`;
      if (!resized && drawKey === lastDrawKey) {
        if (canvasUsed) keepCanvasWarm(surface);
        return bitmap !== null && content !== null;
      }
      lastDrawKey = drawKey;
      wheelOnScreen = content !== null && bitmap !== null;
      if (!wheelOnScreen && !canvasUsed) return false;
      if (!canvasUsed) {
        canvasUsed = true;
        canvas.style.visibility = 'visible';
      }
      try {
        paintBackground(surface, resized || !hadWheel || !wheelOnScreen);
      } catch (error) {
        console.error('prizewheel: background failed', error);
      }
      if (content === null || bitmap === null) return false;
      paintWheel(surface, bitmap, content, frame);
      return true;
    },
  };
}
