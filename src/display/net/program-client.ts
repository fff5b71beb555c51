import {
  STAGE_SCENES,
  type ProgramState,
  type PublicProgramDraw,
  type StageScene,
  type StageState,
} from '../../core/index.ts';
import type { Clock, FetchFunction } from './clock.ts';
import { requestJson } from './request.ts';

type Fields = Record<string, unknown>;

const isText = (x: unknown): x is string => typeof x === 'string';
const isWhole = (x: unknown): x is number => Number.isSafeInteger(x);
const isWholeOrNull = (x: unknown): x is number | null => x === null || isWhole(x);
const isTextOrNull = (x: unknown): x is string | null => x === null || isText(x);

function fieldsOf(value: unknown): Fields | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : null;
}

/** A stage from untrusted JSON; null when a field has the wrong type. */
export function parseStageState(value: unknown): StageState | null {
  const v = fieldsOf(value);
  if (v === null || !isTextOrNull(v.prizeId) || typeof v.blank !== 'boolean') return null;
  if (!STAGE_SCENES.includes(v.scene as StageScene)) return null;
  return { prizeId: v.prizeId, scene: v.scene as StageScene, blank: v.blank };
}

function parseDraw(value: unknown): PublicProgramDraw | null {
  const v = fieldsOf(value);
  if (v === null) return null;
  if (!isWhole(v.seq) || !isWhole(v.version) || !isWhole(v.targetIndex)) return null;
  if (!isText(v.ticket) || !isText(v.name) || !isText(v.person) || !isText(v.createdAt)) return null;
  if (!isTextOrNull(v.prizeId) || !isTextOrNull(v.batchId)) return null;
  if (v.role !== null && v.role !== 'winner' && v.role !== 'reserve') return null;
  if (!isWholeOrNull(v.rank) || !isWholeOrNull(v.substitutes) || !isWholeOrNull(v.promotedFrom)) return null;
  if (typeof v.declined !== 'boolean' || typeof v.voided !== 'boolean' || typeof v.rehearsal !== 'boolean')
    return null;
  return {
    seq: v.seq,
    version: v.version,
    prizeId: v.prizeId,
    batchId: v.batchId,
    ticket: v.ticket,
    name: v.name,
    targetIndex: v.targetIndex,
    person: v.person,
    role: v.role,
    rank: v.rank,
    substitutes: v.substitutes,
    promotedFrom: v.promotedFrom,
    declined: v.declined,
    // NOTE: absent from servers before it was public; the screens do not show it.
    declineReason: isText(v.declineReason) ? v.declineReason : null,
    voided: v.voided,
    rehearsal: v.rehearsal,
    createdAt: v.createdAt,
  };
}

/** GET …/program's answer from untrusted JSON, without coercing; null when anything is malformed. */
export function parseProgramState(value: unknown): ProgramState | null {
  const v = fieldsOf(value);
  if (v === null || !isText(v.wheel) || !isText(v.revision) || typeof v.rehearsal !== 'boolean') return null;
  const stage = parseStageState(v.stage);
  if (stage === null || !Array.isArray(v.draws)) return null;
  const draws: PublicProgramDraw[] = [];
  for (const item of v.draws) {
    const draw = parseDraw(item);
    if (draw === null) return null;
    draws.push(draw);
  }
  return { wheel: v.wheel, rehearsal: v.rehearsal, stage, draws, revision: v.revision };
}

export interface ProgramClient {
  /** Fetches the program now (the answer goes to `onProgram` unless a later fetch answered first). */
  refresh(): Promise<void>;
  /** A `program` event named `revision`: fetched only when it differs from the one held. */
  hintRevision(revision: string): void;
  /** The program held (the last good answer), or null before the first. */
  current(): ProgramState | null;
}

/**
 * Keeps the wheel's event program (GET /api/wheels/:slug/program): fetched at start, on a `program`
 * event with another revision, and with every snapshot poll while the event stream is down. An
 * answer that arrives after a later request's answer is dropped; a failure keeps the last good state.
 */
export function createProgramClient(deps: {
  fetch: FetchFunction;
  clock: Clock;
  slug: string;
  onProgram(program: ProgramState): void;
}): ProgramClient {
  const url = `/api/wheels/${encodeURIComponent(deps.slug)}/program`;
  let held: ProgramState | null = null;
  let requested = 0;
  let answered = 0;
  const refresh = async (): Promise<void> => {
    const ticket = ++requested;
    const response = await requestJson(deps.fetch, deps.clock, url, {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
    });
    if (ticket < answered) return; // a later request answered first
    if (!response.ok) {
      if (response.status !== 404) console.warn(`prizewheel: program not fetched (${response.detail})`);
      return;
    }
    const program = parseProgramState(response.body);
    if (program === null) return console.warn('prizewheel: malformed program skipped');
    answered = ticket;
    if (held !== null && held.revision === program.revision) return;
    held = program;
    deps.onProgram(program);
  };
  return {
    refresh,
    hintRevision(revision) {
      if (held?.revision === revision) return;
      void refresh().catch((error: unknown) => console.error('prizewheel: program fetch failed', error));
    },
    current: () => held,
  };
}
