// The check the /verify page and `prizewheel verify-draws` share: every draw listed in an epoch's
// window must be seed-derived, numbered without gaps, inside its window, drawn from the epoch's
// frozen list (or its removeWinners successors) and recomputable from the revealed seed and
// witness. Unrevealed epochs are pending, not failures.
import { canonicalJson, verifySnapshot } from './canonical.ts';
import type { Snapshot } from './types.ts';
import { checkVerifiableDraw } from './verifiable.ts';
import type { PublicEpoch, PublicVerifiableDraw } from './wire.ts';

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
      'seq' | 'epoch' | 'derived' | 'version' | 'checksum' | 'ticket' | 'targetIndex' | 'createdAt' | 'voided'
    >
  >;
}

export type DrawStatus = 'verified' | 'failed' | 'pending';

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
    if (!epoch) return verdict('failed', `epoch ${draw.epoch} is not published`);
    const listed = listingProblem(draw, previousInEpoch, epoch);
    if (listed) return verdict('failed', listed);
    const frozen = listProblems.get(draw.seq);
    if (frozen) return verdict('failed', frozen);
    if (epoch.seed === null)
      return verdict('pending', `the seed of epoch ${epoch.epoch} is not revealed yet`);
    return verdict(...recompute(draw, epoch, epoch.seed, snapshots.get(draw.version)));
  });
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
