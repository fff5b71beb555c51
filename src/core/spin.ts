import { indexAt, normalizeDegrees, sliceStart, sliceWidth, type WheelArcs } from './geometry.ts';
import { nextFloat, uniformIntBetween } from './random.ts';
import type { RandomSource, SpinPlan, WheelSettings } from './types.ts';

/**
 * The pointer never rests within this fraction of the slice width from either edge, so it is
 * never visually on a line. A fraction, not degrees: at 3,000 entries a slice is only 0.12°.
 */
export const LANDING_MARGIN = 0.1;

/**
 * How long after a spin's planned end the wheel stays held when no display reports the landing:
 * room for a display that started the animation a little late. A reported landing frees it at once.
 */
export const SPIN_LANDING_MARGIN_MS = 3_000;

/**
 * Milliseconds from `at` until a spin started at `startedAt` (ISO times) with that planned
 * duration no longer holds its wheel (0 when it no longer does); a whole number.
 */
export function spinRetryAfterMs(startedAt: string, durationMs: number, at: string): number {
  const freeAtMs = Date.parse(startedAt) + durationMs + SPIN_LANDING_MARGIN_MS;
  return Math.max(0, Math.ceil(freeAtMs - Date.parse(at)));
}

export interface SpinShape {
  rotations: number;
  landingFraction: number;
}

/**
 * Draws the visual shape of a spin: whole turns uniform in min..max and a landing fraction
 * uniform in [LANDING_MARGIN, 1 − LANDING_MARGIN]. Independent of the target, so random and
 * pre-drawn spins share one distribution.
 */
export function planSpinShape(
  random: RandomSource,
  settings: Pick<WheelSettings, 'minRotations' | 'maxRotations'>,
): SpinShape {
  const rotations = uniformIntBetween(random, settings.minRotations, settings.maxRotations);
  const landingFraction = LANDING_MARGIN + nextFloat(random) * (1 - 2 * LANDING_MARGIN);
  return { rotations, landingFraction };
}

/** The wheel angle (degrees from 12 o'clock) where the pointer rests for this target and fraction. */
export function landingAngle(arcs: WheelArcs, targetIndex: number, landingFraction: number): number {
  return sliceStart(arcs, targetIndex) + landingFraction * sliceWidth(arcs, targetIndex);
}

/**
 * The rotation at the end of a spin that starts at `startRotation`:
 * start + 360·rotations + Δ with 0 ≤ Δ < 360, chosen so that the pointer rests on the landing angle.
 */
export function spinEndRotation(
  arcs: WheelArcs,
  plan: Pick<SpinPlan, 'targetIndex' | 'rotations' | 'landingFraction'>,
  startRotation: number,
): number {
  const target = landingAngle(arcs, plan.targetIndex, plan.landingFraction);
  // The pointer sees angle p at rotation θ when θ ≡ −p (mod 360).
  const delta = normalizeDegrees(-target - startRotation);
  return startRotation + 360 * plan.rotations + delta;
}

/**
 * The one easing curve of every spin: ease-out quartic. Fast start, long graceful stop,
 * exactly 0 at t = 0 and exactly 1 at t = 1; t is clamped to [0, 1].
 */
export function easeSpin(t: number): number {
  const c = t <= 0 ? 0 : t >= 1 ? 1 : t;
  const u = 1 - c;
  return 1 - u * u * u * u;
}

/**
 * The rotation `elapsedMs` after the spin started: a pure function of time, never accumulated
 * per frame. Exactly `endRotation` from `durationMs` on.
 */
export function rotationAt(
  startRotation: number,
  endRotation: number,
  durationMs: number,
  elapsedMs: number,
): number {
  if (durationMs <= 0 || elapsedMs >= durationMs) return endRotation;
  if (elapsedMs <= 0) return startRotation;
  return startRotation + (endRotation - startRotation) * easeSpin(elapsedMs / durationMs);
}

export type PlanProblem =
  'version_mismatch' | 'index_out_of_range' | 'ticket_mismatch' | 'bad_shape' | 'misses_target';

/**
 * Checks a plan against the snapshot on screen before animating it. Returns null when the plan is
 * safe: same version, index in range, ticket matches, shape in range, and the computed end rotation
 * puts the pointer on the target.
 */
export function checkSpinPlan(
  plan: SpinPlan,
  snapshot: { version: number; entries: ReadonlyArray<{ ticket: string }> },
  arcs: WheelArcs,
  startRotation: number,
): PlanProblem | null {
  if (plan.version !== snapshot.version) return 'version_mismatch';
  if (!Number.isInteger(plan.targetIndex) || plan.targetIndex < 0 || plan.targetIndex >= arcs.count)
    return 'index_out_of_range';
  if (snapshot.entries[plan.targetIndex]?.ticket !== plan.ticket) return 'ticket_mismatch';
  if (
    !Number.isInteger(plan.rotations) ||
    plan.rotations < 0 ||
    !(plan.landingFraction >= 0 && plan.landingFraction < 1) ||
    !(plan.durationMs > 0)
  )
    return 'bad_shape';
  const end = spinEndRotation(arcs, plan, startRotation);
  if (indexAt(arcs, end) !== plan.targetIndex) return 'misses_target';
  return null;
}
