/**
 * Wheel geometry (contract: "Geometry"). Angles are in degrees, clockwise from 12 o'clock.
 *
 * Entry i owns the half-open arc [starts[i], starts[i] + widths[i]). At rotation θ (the wheel
 * turned θ degrees clockwise), the entry under the fixed pointer at 12 o'clock is the one whose
 * arc holds pointerAngle(θ) = (360 − θ mod 360) mod 360.
 */
export interface WheelArcs {
  /** n + 1 boundaries: starts[0] = 0, starts[n] = 360, starts[i] the start of slice i. */
  readonly bounds: Float64Array;
  readonly count: number;
}

/** Builds the slice arcs from positive weights. Throws on an empty list or a bad weight. */
export function buildArcs(weights: ArrayLike<number>): WheelArcs {
  const n = weights.length;
  if (n === 0) throw new RangeError('a wheel needs at least one entry');
  const cumulative = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const w = weights[i] as number;
    if (!(Number.isFinite(w) && w > 0)) throw new RangeError(`weight ${i} must be a finite number > 0`);
    cumulative[i + 1] = (cumulative[i] as number) + w;
  }
  const total = cumulative[n] as number;
  const bounds = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) bounds[i] = (360 * (cumulative[i] as number)) / total;
  bounds[n] = 360; // exact, whatever the rounding of the sum
  return { bounds, count: n };
}

export function sliceStart(arcs: WheelArcs, index: number): number {
  return arcs.bounds[index] as number;
}

export function sliceWidth(arcs: WheelArcs, index: number): number {
  return (arcs.bounds[index + 1] as number) - (arcs.bounds[index] as number);
}

/** θ mod 360 in [0, 360), also for negative θ. */
export function normalizeDegrees(degrees: number): number {
  const r = degrees % 360;
  const n = r < 0 ? r + 360 : r;
  return n === 360 || n === 0 ? 0 : n; // also turns −0 into 0
}

/** The wheel angle under the pointer at rotation θ, in [0, 360). */
export function pointerAngle(rotation: number): number {
  return normalizeDegrees(360 - normalizeDegrees(rotation));
}

/** The index of the slice whose half-open arc holds `angle` (degrees, taken mod 360). */
export function indexAtAngle(arcs: WheelArcs, angle: number): number {
  const a = normalizeDegrees(angle);
  const { bounds, count } = arcs;
  // Largest i with bounds[i] <= a, over i in [0, count - 1].
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((bounds[mid] as number) <= a) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The index of the entry under the pointer at rotation θ. */
export function indexAt(arcs: WheelArcs, rotation: number): number {
  return indexAtAngle(arcs, pointerAngle(rotation));
}
