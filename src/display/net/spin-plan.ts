import type { BatchPlace, SpinPlan } from '../../core/index.ts';

function parseBatchPlace(value: unknown): BatchPlace | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.ticket !== 'string' || typeof v.name !== 'string') return null;
  if (!Number.isSafeInteger(v.seq) || !Number.isSafeInteger(v.targetIndex) || !Number.isSafeInteger(v.rank))
    return null;
  if (v.role !== 'winner' && v.role !== 'reserve') return null;
  return {
    seq: v.seq as number,
    ticket: v.ticket,
    name: v.name,
    targetIndex: v.targetIndex as number,
    role: v.role,
    rank: v.rank as number,
  };
}

/** The event program's optional plan fields; null when one is present with the wrong type. */
function parseProgramFields(
  v: Record<string, unknown>,
): Pick<SpinPlan, 'prizeId' | 'batch' | 'rehearsal'> | null {
  const fields: Pick<SpinPlan, 'prizeId' | 'batch' | 'rehearsal'> = {};
  if (v.prizeId !== undefined) {
    if (typeof v.prizeId !== 'string') return null;
    fields.prizeId = v.prizeId;
  }
  if (v.rehearsal !== undefined) {
    if (typeof v.rehearsal !== 'boolean') return null;
    fields.rehearsal = v.rehearsal;
  }
  if (v.batch !== undefined) {
    if (!Array.isArray(v.batch)) return null;
    const batch = v.batch.map(parseBatchPlace);
    if (batch.some((place) => place === null)) return null;
    fields.batch = batch as BatchPlace[];
  }
  return fields;
}

/** Reads a spin plan from untrusted JSON without coercing; null when any field has the wrong type. */
export function parseSpinPlan(value: unknown): SpinPlan | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const isText = (x: unknown): x is string => typeof x === 'string';
  const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  if (!isText(v.id) || !isText(v.wheel) || !isText(v.ticket) || !isText(v.name)) return null;
  if (!isNumber(v.version) || !isNumber(v.targetIndex) || !isNumber(v.rotations)) return null;
  if (!isNumber(v.landingFraction) || !isNumber(v.durationMs)) return null;
  const program = parseProgramFields(v);
  if (program === null) return null;
  return {
    ...program,
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
