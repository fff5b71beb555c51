import { rotationAt } from '../../core/index.ts';
import type { ActiveSpin } from '../machine/display-machine.ts';

/** Whole turns a calm spin shows instead of the plan's several; the landing is the plan's own. */
export const CALM_TURNS = 1;

/**
 * The rotation a calm page (prefers-reduced-motion, view-only) shows `elapsedMs` into a spin: the
 * same easing, start, duration and landing as every other screen, but the plan's extra whole turns
 * left out (an exact multiple of 360°, so the wheel rests at the same angle). From the end on it is
 * exactly the planned end rotation, as on every screen. The plan itself is never changed.
 */
export function calmRotationAt(spin: ActiveSpin, elapsedMs: number): number {
  const { durationMs, rotations } = spin.plan;
  if (elapsedMs >= durationMs) return spin.endRotation;
  const skippedDegrees = 360 * Math.max(0, rotations - CALM_TURNS);
  return rotationAt(spin.startRotation, spin.endRotation - skippedDegrees, durationMs, elapsedMs);
}

/** True when the user asked the system for less motion. Never throws. */
export function prefersReducedMotion(): boolean {
  try {
    return globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  } catch {
    return false;
  }
}
