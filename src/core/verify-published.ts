// The check the /verify page and `prizewheel verify-draws` share: every draw listed in an epoch's
// window must be seed-derived, numbered without gaps, inside its window, drawn from the epoch's
// frozen list (or its removeWinners successors) and recomputable from the revealed seed and
// witness. Unrevealed epochs are pending, not failures.
import { canonicalJson, verifySnapshot } from './canonical.ts';
import { drawBatch, eligiblePool, nextReserve, type BatchPick, type ProgramDraw } from './event-program.ts';
import type { Snapshot } from './types.ts';
import { checkVerifiableDraw, deriveVerifiableIndex, seedCommitment } from './verifiable.ts';
import type { PublicEpoch, PublicProgramDraw, PublicVerifiableDraw } from './wire.ts';

/** What GET /api/wheels/:slug/verification publishes (the fields a verifier needs). */
export interface PublishedVerification {
  epochs: ReadonlyArray<
    Pick<
      PublicEpoch,
      | 'epoch'
      | 'commitment'
      | 'seed'
      | 'version'
      | 'checksum'
      | 'witness'
      | 'createdAt'
      | 'revealedAt'
      | 'closedAt'
    >
  >;
  draws: ReadonlyArray<
    Pick<
      PublicVerifiableDraw,
      | 'seq'
      | 'epoch'
      | 'derived'
      | 'version'
      | 'checksum'
      | 'ticket'
      | 'targetIndex'
      | 'createdAt'
      | 'voided'
      | 'prizeId'
      | 'batchId'
      | 'role'
      | 'rank'
      | 'substitutes'
      | 'promotedFrom'
      | 'rehearsal'
    >
  >;
  /** Every draw of the event program: what prizes' pools are recomputed from. */
  program?: ReadonlyArray<
    Pick<
      PublicProgramDraw,
      | 'seq'
      | 'prizeId'
      | 'batchId'
      | 'ticket'
      | 'targetIndex'
      | 'person'
      | 'role'
      | 'rank'
      | 'substitutes'
      | 'promotedFrom'
      | 'declined'
      | 'voided'
      | 'rehearsal'
    >
  >;
}

/** `rehearsal`: a rehearsal draw, never derived, counting for nothing (neither verified nor failed). */
export type DrawStatus = 'verified' | 'failed' | 'pending' | 'rehearsal';

export interface DrawVerdict {
  seq: number;
  epoch: number;
  version: number;
  ticket: string;
  status: DrawStatus;
  /** status === 'verified'. */
  ok: boolean;
  /** Why it failed or is pending, in words; null when verified. */
  problem: string | null;
  voided: boolean;
  /** The seq of the voided draw this one replaces (the draw right before it, voided), else null. */
  redrawOf: number | null;
  /** The epoch had no witness: whoever knew the seed could know this winner in advance. */
  withoutWitness: boolean;
}

/** The versions a verifier must fetch: each epoch's frozen version and each listed draw's. */
export function versionsToVerify(published: PublishedVerification): number[] {
  const versions = new Set<number>();
  for (const epoch of published.epochs) if (epoch.version !== null) versions.add(epoch.version);
  for (const draw of published.draws) versions.add(draw.version);
  return [...versions].sort((a, b) => a - b);
}

type Epoch = PublishedVerification['epochs'][number];
type Draw = PublishedVerification['draws'][number];

function windowEndOf(epoch: Epoch): string | null {
  return epoch.revealedAt ?? epoch.closedAt;
}

function isInsideWindow(epoch: Epoch, createdAt: string): boolean {
  const at = Date.parse(createdAt);
  const end = windowEndOf(epoch);
  return at >= Date.parse(epoch.createdAt) && (end === null || at < Date.parse(end));
}

/** The entries minus one index, as the server publishes them after a removeWinners draw. */
function isRemoveWinnerSuccessor(previous: Snapshot, next: Snapshot, removedIndex: number): boolean {
  if (next.version !== previous.version + 1) return false;
  const expected = previous.entries.filter((_, index) => index !== removedIndex);
  return (
    canonicalJson(expected) === canonicalJson(next.entries) &&
    canonicalJson(previous.settings) === canonicalJson(next.settings)
  );
}

/**
 * Walks one epoch's draws in seq order and returns, per seq, the reason its list is not the frozen
 * one (the epoch's version, or the version a removeWinners draw published right after it).
 */
function frozenListProblems(
  epoch: Epoch,
  draws: readonly Draw[],
  snapshots: ReadonlyMap<number, unknown>,
): Map<number, string> {
  const problems = new Map<number, string>();
  if (epoch.version === null || epoch.checksum === null) {
    // NOTE: epochs opened before lists were frozen (older releases) record no list; nothing to walk.
    return problems;
  }
  const frozen = snapshots.get(epoch.version);
  if (!verifySnapshot(frozen) || frozen.checksum !== epoch.checksum) {
    for (const draw of draws)
      problems.set(draw.seq, `the epoch's list (version ${epoch.version}) does not match its checksum`);
    return problems;
  }
  let current: Snapshot = frozen;
  for (const draw of draws) {
    if (draw.version !== current.version || draw.checksum !== current.checksum) {
      problems.set(
        draw.seq,
        `drawn from version ${draw.version}, but epoch ${epoch.epoch} is frozen to version ${current.version} at this point`,
      );
      continue;
    }
    const next = snapshots.get(current.version + 1);
    if (
      current.settings.removeWinners &&
      verifySnapshot(next) &&
      isRemoveWinnerSuccessor(current, next, draw.targetIndex)
    )
      current = next;
  }
  return problems;
}

/** The problems of the listing itself: not derived, outside its window, a gap in seq. */
function listingProblem(draw: Draw, previous: Draw | undefined, epoch: Epoch): string | null {
  if (!draw.derived) return `draw ${draw.seq} was not drawn from the seed of epoch ${epoch.epoch}`;
  if (!isInsideWindow(epoch, draw.createdAt))
    return `draw ${draw.seq} (${draw.createdAt}) is outside epoch ${epoch.epoch}'s window`;
  if (previous !== undefined && draw.seq !== previous.seq + 1)
    return `draw ${previous.seq + 1} is missing: the list jumps from ${previous.seq} to ${draw.seq}`;
  return null;
}

function verdictOf(draw: Draw, epoch: Epoch | undefined, redrawOf: number | null) {
  return (status: DrawStatus, problem: string | null): DrawVerdict => ({
    seq: draw.seq,
    epoch: draw.epoch,
    version: draw.version,
    ticket: draw.ticket,
    status,
    ok: status === 'verified',
    problem,
    voided: draw.voided,
    redrawOf,
    withoutWitness: epoch !== undefined && epoch.witness === null,
  });
}

/**
 * Checks every published draw. `snapshots` maps each version of versionsToVerify to what was
 * fetched for it (unverified: checksums are checked here), or null when it could not be fetched.
 */
export function verifyPublishedDraws(
  published: PublishedVerification,
  snapshots: ReadonlyMap<number, unknown>,
): DrawVerdict[] {
  const draws = [...published.draws].sort((a, b) => a.seq - b.seq);
  const program = createProgramCheck(published);
  const bySeq = new Map(draws.map((draw) => [draw.seq, draw]));
  const epochs = new Map(published.epochs.map((epoch) => [epoch.epoch, epoch]));
  const listProblems = new Map<number, string>();
  for (const epoch of published.epochs) {
    const inEpoch = draws.filter((draw) => draw.epoch === epoch.epoch);
    for (const [seq, problem] of frozenListProblems(
      epoch,
      inEpoch.filter((d) => d.derived),
      snapshots,
    ))
      listProblems.set(seq, problem);
  }
  return draws.map((draw) => {
    const epoch = epochs.get(draw.epoch);
    const previous = bySeq.get(draw.seq - 1);
    const inEpoch = draws.filter((other) => other.epoch === draw.epoch);
    const previousInEpoch = inEpoch[inEpoch.indexOf(draw) - 1];
    const redrawOf = previous?.voided && previous.epoch === draw.epoch ? previous.seq : null;
    const verdict = verdictOf(draw, epoch, redrawOf);
    if (draw.rehearsal === true)
      return verdict('rehearsal', 'a rehearsal draw: it counts for nothing and is not drawn from the seed');
    if (!epoch) return verdict('failed', `epoch ${draw.epoch} is not published`);
    const listed = listingProblem(draw, previousInEpoch, epoch);
    if (listed) return verdict('failed', listed);
    const frozen = listProblems.get(draw.seq);
    if (frozen) return verdict('failed', frozen);
    if (epoch.seed === null)
      return verdict('pending', `the seed of epoch ${epoch.epoch} is not revealed yet`);
    if (draw.prizeId !== undefined && draw.prizeId !== null)
      return verdict(...program.recompute(draw, epoch, epoch.seed, snapshots.get(draw.version)));
    return verdict(...recompute(draw, epoch, epoch.seed, snapshots.get(draw.version)));
  });
}

type ProgramRow = NonNullable<PublishedVerification['program']>[number];

/**
 * The program draws as the rules read them when draw `seq` was made: the draws before it, a draw
 * counted as declined once its substitute (at or before `seq`) was recorded. NOTE: a decline that
 * found no substitute leaves no such trace; it is read as not yet declined.
 */
function programAt(program: readonly ProgramRow[], seq: number): ProgramDraw[] {
  const substitutedBy = new Map<number, number>();
  for (const row of program) if (row.substitutes !== null) substitutedBy.set(row.substitutes, row.seq);
  return program
    .filter((row) => row.seq < seq)
    .map((row) => ({
      seq: row.seq,
      prizeId: row.prizeId,
      batchId: row.batchId,
      ticket: row.ticket,
      person: row.person,
      role: row.role,
      rank: row.rank,
      substitutes: row.substitutes,
      promotedFrom: row.promotedFrom,
      declined: row.declined && (substitutedBy.get(row.seq) ?? Infinity) <= seq,
      voided: row.voided,
      rehearsal: row.rehearsal,
    }));
}

/**
 * Recomputes prize draws (docs/VERIFIABLE-DRAWS.md, "Batches"): each batch's places from the
 * prize's eligible pool before the batch, place i derived with seq first + i; a promoted reserve as
 * the batch's first unused reserve; a redraw from the pool at its own seq.
 */
function createProgramCheck(published: PublishedVerification) {
  const program = [...(published.program ?? [])].sort((a, b) => a.seq - b.seq);
  const batches = new Map<string, BatchPick[]>();
  return {
    recompute(draw: Draw, epoch: Epoch, seed: string, snapshot: unknown): [DrawStatus, string | null] {
      if (seedCommitment(seed) !== epoch.commitment)
        return ['failed', `the revealed seed does not match the commitment ${epoch.commitment}`];
      if (
        !verifySnapshot(snapshot) ||
        snapshot.version !== draw.version ||
        snapshot.checksum !== draw.checksum
      )
        return ['failed', `version ${draw.version} is missing or does not match the draw's checksum`];
      const prize = snapshot.prizes?.find((candidate) => candidate.id === draw.prizeId);
      if (!prize) return ['failed', `version ${draw.version} has no prize ${draw.prizeId}`];
      const row = program.find((candidate) => candidate.seq === draw.seq);
      if (!row || row.ticket !== draw.ticket || row.targetIndex !== draw.targetIndex)
        return ['failed', `draw ${draw.seq} is not in the published program as listed`];
      const entries = snapshot.entries;
      const derive = (weights: Float64Array, seq: number) =>
        deriveVerifiableIndex(seed, snapshot.checksum, seq, weights, epoch.witness);
      let expected: number | undefined;
      if (row.substitutes === null) {
        const places = program.filter((other) => other.batchId === row.batchId && other.substitutes === null);
        const first = places[0]!.seq;
        let picks = batches.get(row.batchId ?? '');
        if (!picks) {
          const pool = eligiblePool(entries, prize, programAt(program, first));
          const winners = places.filter((place) => place.role === 'winner').length;
          picks = drawBatch(entries, pool, { winners, reserves: places.length - winners }, (weights, place) =>
            derive(weights, first + place),
          );
          batches.set(row.batchId ?? '', picks);
        }
        const pick = picks[row.seq - first];
        if (pick && (pick.role !== row.role || pick.rank !== row.rank))
          return [
            'failed',
            `place ${row.seq - first + 1} of the batch is ${pick.role} ${pick.rank}, the draw says ${row.role} ${row.rank}`,
          ];
        expected = pick?.entryIndex;
      } else if (row.promotedFrom !== null) {
        const reserve = nextReserve(prize, row.batchId ?? '', programAt(program, row.seq));
        if (reserve?.seq !== row.promotedFrom)
          return [
            'failed',
            `the first unused reserve is draw ${reserve?.seq ?? 'none'}, the draw promoted ${row.promotedFrom}`,
          ];
        expected = program.find((other) => other.seq === row.promotedFrom)?.targetIndex;
      } else {
        const pool = eligiblePool(entries, prize, programAt(program, row.seq));
        if (pool.length > 0)
          expected =
            pool[
              derive(
                Float64Array.from(pool, (index) => entries[index]!.weight),
                row.seq,
              )
            ];
      }
      if (expected !== draw.targetIndex)
        return ['failed', `the seed gives entry ${expected ?? 'none'}, the draw says ${draw.targetIndex}`];
      if (entries[expected]?.ticket !== draw.ticket)
        return ['failed', `entry ${draw.targetIndex} is not ticket ${draw.ticket}`];
      return ['verified', null];
    },
  };
}

function recompute(draw: Draw, epoch: Epoch, seed: string, snapshot: unknown): [DrawStatus, string | null] {
  if (!verifySnapshot(snapshot) || snapshot.version !== draw.version)
    return ['failed', `version ${draw.version} is missing or does not match its checksum`];
  const check = checkVerifiableDraw(draw, seed, epoch.commitment, snapshot, epoch.witness);
  if (check.ok) return ['verified', null];
  switch (check.problem) {
    case 'commitment_mismatch':
      return ['failed', `the revealed seed does not match the commitment ${epoch.commitment}`];
    case 'checksum_mismatch':
      return [
        'failed',
        `the draw names checksum ${draw.checksum}, version ${draw.version} has ${snapshot.checksum}`,
      ];
    case 'index_mismatch':
      return ['failed', `the seed gives entry ${check.expectedIndex}, the draw says ${draw.targetIndex}`];
    case 'ticket_mismatch':
      return ['failed', `entry ${draw.targetIndex} is not ticket ${draw.ticket}`];
  }
}
