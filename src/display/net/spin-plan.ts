import type { SpinPlan } from '../../core/index.ts';

/** Reads a spin plan from untrusted JSON without coercing; null when any field has the wrong type. */
export function parseSpinPlan(value: unknown): SpinPlan | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const isText = (x: unknown): x is string => typeof x === 'string';
  const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  if (!isText(v.id) || !isText(v.wheel) || !isText(v.ticket) || !isText(v.name)) return null;
  if (!isNumber(v.version) || !isNumber(v.targetIndex) || !isNumber(v.rotations)) return null;
  if (!isNumber(v.landingFraction) || !isNumber(v.durationMs)) return null;
  return {
    id: v.id,
    wheel: v.wheel,
    version: v.version,
    targetIndex: v.targetIndex,
    ticket: v.ticket,
    name: v.name,
    rotations: v.rotations,
    landingFraction: v.landingFraction,
    durationMs: v.durationMs,
  };
}
