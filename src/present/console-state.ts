// What the presenter console shows, computed from the latest snapshot and the public program
// (GET /api/wheels/:slug/program). Pure: no DOM, no fetch. Every rule comes from core's
// event-program.ts (prizeRemaining, eligiblePool); nothing is decided here.
import {
  eligiblePool,
  prizeRemaining,
  type DrawRole,
  type Prize,
  type ProgramState,
  type PublicProgramDraw,
  type Snapshot,
  type StageState,
} from '../core/index.ts';

/** One prize of the running order as the console lists it. */
export interface PrizeRow {
  prize: Prize;
  /** What is left of its quantity (rehearsal, voided and declined wins hold nothing). */
  remaining: number;
  /** Entries of the latest snapshot that may win it now (its eligible pool). */
  poolSize: number;
  onStage: boolean;
}

/** One draw of the last batch, with what became of it. */
export interface PlaceView {
  seq: number;
  ticket: string;
  name: string;
  role: DrawRole | null;
  rank: number | null;
  declined: boolean;
  rehearsal: boolean;
  /** The seq of the declined winner whose place this draw took (a substitute). */
  substitutes: number | null;
  /** For a reserve: the seq of the draw by which it took a place; null while unused. */
  promotedTo: number | null;
}

/** A winner's place: the first draw, then each substitute in turn (the last one holds it now). */
export interface WinnerPlace {
  rank: number | null;
  chain: PlaceView[];
}

export interface LastBatch {
  prizeId: string | null;
  batchId: string;
  winners: WinnerPlace[];
  reserves: PlaceView[];
}

export interface ConsoleState {
  /** The latest published version (what spins are asked on); null before the first snapshot. */
  version: number | null;
  prizes: PrizeRow[];
  stage: StageState;
  rehearsal: boolean;
  lastBatch: LastBatch | null;
}

const NO_STAGE: StageState = { prizeId: null, scene: 'wheel', blank: false };

export function buildConsoleState(snapshot: Snapshot | null, program: ProgramState | null): ConsoleState {
  const draws = program?.draws ?? [];
  const stage = program?.stage ?? NO_STAGE;
  const prizes = (snapshot?.prizes ?? []).map((prize) => ({
    prize,
    remaining: prizeRemaining(prize, draws),
    poolSize: eligiblePool(snapshot!.entries, prize, draws).length,
    onStage: stage.prizeId === prize.id,
  }));
  return {
    version: snapshot?.version ?? null,
    prizes,
    stage,
    rehearsal: program?.rehearsal ?? false,
    lastBatch: lastBatchOf(draws),
  };
}

/**
 * The newest press's places: the draws of the highest-seq batch, and every substitute that took a
 * place of it (whatever batch the server filed the substitute under).
 */
export function lastBatchOf(draws: readonly PublicProgramDraw[]): LastBatch | null {
  let newest: PublicProgramDraw | null = null;
  for (const draw of draws)
    if (draw.batchId !== null && draw.substitutes === null && (newest === null || draw.seq > newest.seq))
      newest = draw;
  if (newest === null || newest.batchId === null) return null;
  const batchId = newest.batchId;
  const bySeq = new Map(draws.map((draw) => [draw.seq, draw]));
  const substituteOf = new Map<number, PublicProgramDraw>();
  const promotedTo = new Map<number, number>();
  for (const draw of [...draws].sort((a, b) => a.seq - b.seq)) {
    if (draw.voided) continue;
    if (draw.substitutes !== null) substituteOf.set(draw.substitutes, draw);
    if (draw.promotedFrom !== null) promotedTo.set(draw.promotedFrom, draw.seq);
  }
  const view = (draw: PublicProgramDraw): PlaceView => ({
    seq: draw.seq,
    ticket: draw.ticket,
    name: draw.name,
    role: draw.role,
    rank: draw.rank,
    declined: draw.declined,
    rehearsal: draw.rehearsal,
    substitutes: draw.substitutes,
    promotedTo: promotedTo.get(draw.seq) ?? null,
  });
  const firsts = draws
    .filter((draw) => draw.batchId === batchId && draw.substitutes === null && !draw.voided)
    .sort(byRankThenSeq);
  const winners = firsts
    .filter((draw) => draw.role !== 'reserve')
    .map((first) => {
      const chain = [view(first)];
      const seen = new Set([first.seq]);
      for (let next = substituteOf.get(first.seq); next && !seen.has(next.seq);) {
        seen.add(next.seq);
        chain.push(view(bySeq.get(next.seq) ?? next));
        next = substituteOf.get(next.seq);
      }
      return { rank: first.rank, chain };
    });
  const reserves = firsts.filter((draw) => draw.role === 'reserve').map(view);
  return { prizeId: newest.prizeId, batchId, winners, reserves };
}

function byRankThenSeq(a: PublicProgramDraw, b: PublicProgramDraw): number {
  return (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) || a.seq - b.seq;
}

/** The draw holding a winner's place now: the last of its chain. */
export function holderOf(place: WinnerPlace): PlaceView {
  return place.chain[place.chain.length - 1]!;
}

/** The batch size field's default for a prize: its batch size, at most what is left (0 when nothing is). */
export function defaultBatchCount(row: PrizeRow): number {
  return Math.min(row.prize.batchSize, row.remaining);
}

export type BatchCountCheck = { ok: true; count: number } | { ok: false; message: string };

/** Checks the batch size typed in the console: a whole number from 1 to what is left of the prize. */
export function checkBatchCount(text: string, row: PrizeRow): BatchCountCheck {
  if (row.remaining < 1) return { ok: false, message: `Nothing is left of ${row.prize.name}.` };
  const trimmed = text.trim();
  const count = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isSafeInteger(count) || count < 1 || count > row.remaining)
    return {
      ok: false,
      message: `Batch size must be a whole number from 1 to ${row.remaining} (what is left of ${row.prize.name}).`,
    };
  return { ok: true, count };
}

/** "3 of 10 left". */
export function describeRemaining(row: PrizeRow): string {
  return `${row.remaining} of ${row.prize.quantity} left`;
}

/** An HTTP failure of the console's requests, read from the server's `{ error: {code, message}, … }`. */
export interface ApiFailure {
  /** HTTP status, or null when the server was not reached. */
  status: number | null;
  code: string | null;
  message: string | null;
  retryAfterMs: number | null;
  latestVersion: number | null;
}

/** Reads an error answer's body (any shape: a proxy may answer HTML). */
export function readApiFailure(status: number | null, body: unknown): ApiFailure {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const error =
    typeof record.error === 'object' && record.error !== null
      ? (record.error as Record<string, unknown>)
      : {};
  const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
  return {
    status,
    code: typeof error.code === 'string' ? error.code : null,
    message: typeof error.message === 'string' ? error.message : null,
    retryAfterMs: number(record.retryAfterMs),
    latestVersion: number(record.latestVersion),
  };
}

/** What the console does about a failed spin request. */
export type SpinFailureAction =
  /** The version on the console is outdated: refetch the snapshot and ask again (once). */
  | { kind: 'refetch_and_retry'; latestVersion: number | null }
  /** The wheel still turns or too many requests: the SPIN button counts down from retryAfterMs. */
  | { kind: 'wait'; retryAfterMs: number; message: string }
  | { kind: 'no_rights'; message: string }
  | { kind: 'show'; message: string };

const SPIN_MESSAGES: Record<string, string> = {
  prize_exhausted: 'Nothing is left of this prize: every one of it has a winner.',
  no_eligible_entries: 'Nobody may win this prize: its eligible pool is empty.',
  prize_not_found: 'This prize is not in the published list. Publish the list, then reload.',
  no_prize_selected: 'Pick a prize first.',
  not_published: 'Nothing is published on this wheel yet.',
};

export function spinFailureAction(failure: ApiFailure): SpinFailureAction {
  if (failure.status === null)
    return { kind: 'show', message: 'The server cannot be reached. Check the network and press SPIN again.' };
  if (failure.status === 401 || failure.status === 403)
    return { kind: 'no_rights', message: rightsMessage(failure.message) };
  if (failure.code === 'outdated_version')
    return { kind: 'refetch_and_retry', latestVersion: failure.latestVersion };
  if (failure.code === 'spin_in_progress' || failure.code === 'rate_limited' || failure.status === 429) {
    const retryAfterMs = failure.retryAfterMs ?? 1_000;
    const why = failure.code === 'spin_in_progress' ? 'The wheel is still turning.' : 'Too many spins asked.';
    return { kind: 'wait', retryAfterMs, message: why };
  }
  const known = failure.code === null ? undefined : SPIN_MESSAGES[failure.code];
  return { kind: 'show', message: known ?? failure.message ?? `The spin failed (HTTP ${failure.status}).` };
}

/** The console's one "no rights" message (no key, a revoked key, an account without this wheel). */
export function rightsMessage(detail?: string | null): string {
  const why = detail ? ` (${detail})` : '';
  return `This page needs a presenter link (…/present/<wheel>?key=…) or a presenter or admin sign-in${why}.`;
}

/** "Try again in 3 s" for a countdown of `remainingMs`. */
export function describeCountdown(remainingMs: number): string {
  return `Try again in ${Math.max(1, Math.ceil(remainingMs / 1000))} s`;
}

/** Reads `/present/:slug?key=…`; the slug is `default` when absent. */
export function readConsoleParams(location: { pathname: string; search: string }): {
  slug: string;
  presenterKey: string | null;
} {
  const segment = location.pathname.split('/').filter(Boolean)[1] ?? 'default';
  let slug = segment;
  try {
    slug = decodeURIComponent(segment);
  } catch {
    // A malformed escape: the segment as typed (the API answers wheel_not_found).
  }
  const key = new URLSearchParams(location.search).get('key');
  return { slug, presenterKey: key === null || key === '' ? null : key };
}

/** The decline reason typed in the console: required, at most DECLINE_REASON_MAX_CHARACTERS. */
export const DECLINE_REASON_MAX_CHARACTERS = 500;

export function checkDeclineReason(
  text: string,
): { ok: true; reason: string } | { ok: false; message: string } {
  const reason = text.trim();
  if (reason === '') return { ok: false, message: 'Say why the winner does not take the prize.' };
  if (reason.length > DECLINE_REASON_MAX_CHARACTERS)
    return { ok: false, message: `The reason is at most ${DECLINE_REASON_MAX_CHARACTERS} characters.` };
  return { ok: true, reason };
}
