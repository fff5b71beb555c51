// The event program's draws (issue #18): one press draws a prize's batch of winners and reserves,
// distinct persons, from the prize's eligible pool (core/event-program.ts decides who is in it),
// recorded in one transaction before any screen animates; a declined winner's place goes to the
// batch's first unused reserve, else to a fresh draw. Random, pre-drawn and verifiable draws alike;
// rehearsal draws are always crypto random and count for nothing.
import { randomUUID } from 'node:crypto';
import {
  batchWinnerCount,
  deriveVerifiableIndex,
  drawBatch,
  eligiblePool,
  nextReserve,
  normalizeTicketKey,
  personKeyOf,
  personKeysOf,
  planSpinShape,
  weightedIndex,
  type BatchPlace,
  type DrawMode,
  type Entry,
  type PickPosition,
  type Prize,
  type ProgramDraw,
  type PublicProgramDraw,
  type Snapshot,
  type SpinPlan,
} from '../../core/index.ts';
import { AppError } from '../errors.ts';
import type {
  BatchPlaceDecision,
  DrawContext,
  ProgramContext,
  ProgramStatus,
  StoredDraw,
  SubstituteDecision,
} from '../storage/store.ts';
import type { SpinDependencies } from './spins.ts';
import type { LatestSnapshot } from './snapshot-reader.ts';

export interface PrizeSpinOptions {
  prizeId?: string;
  count?: number;
  displayId?: string;
}

/** A snapshot's prize by id; AppError prize_not_found. */
export function requirePrize(snapshot: Pick<Snapshot, 'prizes' | 'version'>, prizeId: string): Prize {
  const prize = snapshot.prizes?.find((candidate) => candidate.id === prizeId);
  if (!prize)
    throw new AppError(
      'prize_not_found',
      `Version ${snapshot.version} has no prize ${JSON.stringify(prizeId)}`,
    );
  return prize;
}

/** Whether a snapshot runs an event program (its draws are prize draws). */
export function hasPrizes(snapshot: Pick<Snapshot, 'prizes'>): boolean {
  return snapshot.prizes !== undefined && snapshot.prizes.length > 0;
}

/**
 * The draws the rules read for a rehearsal decline: the rehearsal's own draws count there (its
 * reserves take its places), on top of the real ones.
 */
function rulesView(draws: readonly ProgramDraw[], rehearsal: boolean): readonly ProgramDraw[] {
  return rehearsal ? draws.map((draw) => (draw.rehearsal ? { ...draw, rehearsal: false } : draw)) : draws;
}

interface PlannedPicks {
  pick: PickPosition;
  modes: DrawMode[];
  skipped: Array<{ ticket: string; reason: 'not_in_snapshot' | 'not_eligible' }>;
  /** The prize's plan after the batch (skipped tickets stay for the organizer to see), or null. */
  remaining(): string[] | null;
}

/**
 * The pre-drawn plan of a prize: its tickets take the places first, in order, when they are in
 * the remaining pool (winners then reserves); the others fall back to `random`.
 */
function plannedPicks(
  entries: readonly Entry[],
  plan: readonly string[],
  random: PickPosition,
): PlannedPicks {
  const modes: DrawMode[] = [];
  const skipped: PlannedPicks['skipped'] = [];
  const kept: string[] = [];
  let next = 0;
  const indexByKey = plan.length > 0 ? new Map<string, number>() : null;
  if (indexByKey)
    entries.forEach((entry, index) => {
      const key = normalizeTicketKey(entry.ticket);
      if (!indexByKey.has(key)) indexByKey.set(key, index);
    });
  return {
    modes,
    skipped,
    pick(weights, place, indexes) {
      while (next < plan.length) {
        const ticket = plan[next++]!;
        const entryIndex = indexByKey!.get(normalizeTicketKey(ticket));
        const position = entryIndex === undefined ? -1 : indexes.indexOf(entryIndex);
        if (position >= 0) {
          modes[place] = 'predrawn';
          return position;
        }
        kept.push(ticket);
        skipped.push({ ticket, reason: entryIndex === undefined ? 'not_in_snapshot' : 'not_eligible' });
      }
      modes[place] = 'random';
      return random(weights, place, indexes);
    },
    remaining: () => (plan.length === 0 ? null : [...kept, ...plan.slice(next)]),
  };
}

/** Draws a prize's batch (POST spins on a wheel with prizes) and publishes `spin` then `program`. */
export async function startPrizeSpin(
  deps: SpinDependencies,
  slug: string,
  latest: LatestSnapshot,
  actor: string,
  options: PrizeSpinOptions,
): Promise<SpinPlan> {
  const snapshot = latest.snapshot;
  if (!hasPrizes(snapshot) && options.prizeId !== undefined) requirePrize(snapshot, options.prizeId);
  const createdAt = deps.clock().toISOString();
  let commitmentOfDraw: string | null = null;
  let rehearsalOfDraw = false;
  let prizeOfDraw: string | null = null;
  const result = await deps.store.recordBatch(slug, {
    expectedVersion: snapshot.version,
    latestStoredVersion: latest.latestStoredVersion,
    createdAt,
    startedBy: actor,
    displayId: options.displayId ?? null,
    decide(context, program) {
      const prizeId = options.prizeId ?? program.stage.prizeId;
      if (prizeId === null)
        throw new AppError('no_prize_selected', 'Choose the prize to draw: none is on stage');
      const prize = requirePrize(snapshot, prizeId);
      const winners = batchWinnerCount(prize, program.draws, options.count);
      if (winners === 0)
        throw new AppError('prize_exhausted', `All ${prize.quantity} of ${prize.name} are won`);
      const pool = eligiblePool(snapshot.entries, prize, program.draws);
      if (pool.length === 0) throw new AppError('no_eligible_entries', `Nobody left may win ${prize.name}`);
      const random: PickPosition = (weights) => weightedIndex(deps.random, weights);
      let pick = random;
      let planned: PlannedPicks | null = null;
      if (program.rehearsal) {
        // NOTE: a rehearsal never consumes the plan nor the seed's derivations.
      } else if (context.verification) {
        const { seed, commitment, witness } = context.verification;
        const opened = deps.seedVault.open(seed, commitment);
        pick = (weights, place) =>
          deriveVerifiableIndex(opened, context.checksum, context.seq + place, weights, witness);
        commitmentOfDraw = commitment;
      } else {
        planned = plannedPicks(snapshot.entries, program.prizeTickets[prize.id] ?? [], random);
        pick = planned.pick;
      }
      const picks = drawBatch(snapshot.entries, pool, { winners, reserves: prize.reserves }, pick);
      const persons = personKeysOf(snapshot.entries);
      const places: BatchPlaceDecision[] = picks.map((place, index) => {
        const entry = snapshot.entries[place.entryIndex]!;
        return {
          id: randomUUID(),
          ticket: entry.ticket,
          name: entry.name,
          targetIndex: place.entryIndex,
          mode: planned?.modes[index] ?? 'random',
          role: place.role,
          rank: place.rank,
          person: persons[place.entryIndex]!,
        };
      });
      rehearsalOfDraw = program.rehearsal;
      prizeOfDraw = prize.id;
      return {
        prizeId: prize.id,
        batchId: randomUUID(),
        places,
        shape: {
          ...planSpinShape(deps.random, snapshot.settings),
          durationMs: snapshot.settings.spinDurationMs,
        },
        remainingPrizeTickets: planned?.remaining() ?? null,
        auditDetails: {
          ...(planned && planned.skipped.length > 0 ? { skippedPlannedTickets: planned.skipped } : {}),
          winnersAsked: winners,
          reservesAsked: prize.reserves,
          // The pool ran out before every place was drawn: the organizer sees how many are missing.
          ...(places.length < winners + prize.reserves
            ? { placesShort: winners + prize.reserves - places.length }
            : {}),
        },
        stage: { prizeId: prize.id, scene: places.length > 1 ? 'batch' : 'wheel', blank: false },
      };
    },
  });

  for (const draw of result.draws) deps.metrics?.draws.inc({ wheel: slug, mode: draw.mode });
  const first = result.draws[0]!;
  const plan: SpinPlan = {
    id: first.id,
    wheel: slug,
    version: first.version,
    targetIndex: first.targetIndex,
    ticket: first.ticket,
    name: first.name,
    rotations: first.rotations,
    landingFraction: first.landingFraction,
    durationMs: first.plannedDurationMs,
    ...(commitmentOfDraw === null || rehearsalOfDraw ? {} : { commitment: commitmentOfDraw }),
    ...(prizeOfDraw === null ? {} : { prizeId: prizeOfDraw }),
    batch: result.draws.map(batchPlaceOf),
    ...(rehearsalOfDraw ? { rehearsal: true } : {}),
  };
  deps.events.publish(slug, { type: 'spin', data: plan, startedAt: createdAt });
  publishProgram(deps, slug, result.status);
  return plan;
}

/** A recorded draw as a place of its spin's batch (a draw without a prize: the one winner). */
export function batchPlaceOf(
  draw: Pick<StoredDraw, 'seq' | 'ticket' | 'name' | 'targetIndex' | 'role' | 'rank'>,
): BatchPlace {
  return {
    seq: draw.seq,
    ticket: draw.ticket,
    name: draw.name,
    targetIndex: draw.targetIndex,
    role: draw.role ?? 'winner',
    rank: draw.rank ?? 1,
  };
}

export function publishProgram(
  deps: Pick<SpinDependencies, 'events'>,
  slug: string,
  status: ProgramStatus,
): void {
  deps.events.publish(slug, {
    type: 'program',
    data: { revision: status.revision, rehearsal: status.rehearsal, stage: status.stage },
  });
}

/** A stored draw as GET program and the decline answer show it (the reason, not the actor). */
export function toPublicProgramDraw(draw: StoredDraw): PublicProgramDraw {
  return {
    seq: draw.seq,
    version: draw.version,
    prizeId: draw.prizeId,
    batchId: draw.batchId,
    ticket: draw.ticket,
    name: draw.name,
    targetIndex: draw.targetIndex,
    person: draw.person ?? personKeyOf({ ticket: draw.ticket }),
    role: draw.role,
    rank: draw.rank,
    substitutes: draw.substitutes,
    promotedFrom: draw.promotedFrom,
    declined: draw.declined !== null,
    declineReason: draw.declined?.reason ?? null,
    voided: draw.voided,
    rehearsal: draw.rehearsal,
    createdAt: draw.createdAt,
  };
}

/**
 * The substitute of a declined winner: the batch's first unused reserve, else a fresh draw for the
 * place from the prize's eligible pool (derived from its own seq in verifiable mode), else null.
 */
function substituteOf(
  deps: SpinDependencies,
  snapshot: Snapshot,
  storedBySeq: ReadonlyMap<number, StoredDraw>,
  declined: StoredDraw,
  context: DrawContext,
  program: ProgramContext,
): SubstituteDecision | null {
  const prize = snapshot.prizes?.find((candidate) => candidate.id === declined.prizeId);
  if (!prize || declined.batchId === null) return null;
  const draws = rulesView(program.draws, declined.rehearsal);
  const reserve = nextReserve(prize, declined.batchId, draws);
  if (reserve) {
    const stored = storedBySeq.get(reserve.seq);
    if (stored) {
      return {
        id: randomUUID(),
        ticket: stored.ticket,
        name: stored.name,
        targetIndex: stored.targetIndex,
        mode: stored.mode,
        person: reserve.person,
        promotedFrom: reserve.seq,
      };
    }
  }
  const pool = eligiblePool(snapshot.entries, prize, draws);
  if (pool.length === 0) return null;
  const weights = Float64Array.from(pool, (index) => snapshot.entries[index]!.weight);
  let position: number;
  if (context.verification && !declined.rehearsal) {
    const { seed, commitment, witness } = context.verification;
    position = deriveVerifiableIndex(
      deps.seedVault.open(seed, commitment),
      context.checksum,
      context.seq,
      weights,
      witness,
    );
  } else {
    position = weightedIndex(deps.random, weights);
  }
  const entryIndex = pool[position]!;
  const entry = snapshot.entries[entryIndex]!;
  return {
    id: randomUUID(),
    ticket: entry.ticket,
    name: entry.name,
    targetIndex: entryIndex,
    mode: 'random',
    person: personKeysOf(snapshot.entries)[entryIndex]!,
    promotedFrom: null,
  };
}

/** POST draws/:seq/decline: marks the winner declined and records who takes the place. */
export async function declineWinner(
  deps: SpinDependencies,
  slug: string,
  seq: number,
  reason: string,
  actor: string,
): Promise<{ declined: PublicProgramDraw; substitute: PublicProgramDraw | null }> {
  const before = await deps.store.readProgram(slug);
  const target = before.draws.find((draw) => draw.seq === seq);
  if (!target) throw new AppError('not_found', `No draw ${seq} of a prize on wheel ${slug}`);
  const verified = await deps.snapshots.readVersion(slug, target.version);
  if (!verified) throw new AppError('internal_error', `Version ${target.version} of ${slug} cannot be read`);
  const storedBySeq = new Map(before.draws.map((draw) => [draw.seq, draw]));
  const result = await deps.store.declineDraw(slug, seq, {
    reason,
    declinedAt: deps.clock().toISOString(),
    declinedBy: actor,
    decide: (declined, context, program) =>
      substituteOf(deps, verified.snapshot, storedBySeq, declined, context, program),
  });
  if (!result) throw new AppError('not_found', `No draw ${seq} on wheel ${slug}`);
  publishProgram(deps, slug, result.status);
  return {
    declined: toPublicProgramDraw(result.declined),
    substitute: result.substitute ? toPublicProgramDraw(result.substitute) : null,
  };
}
