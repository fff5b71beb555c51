// A spin: the server decides the outcome, writes the draw, and only then answers with the plan
// every display animates. Random and pre-drawn outcomes share the plan's shape and distributions.
import { randomUUID } from 'node:crypto';
import {
  deriveVerifiableIndex,
  normalizeTicketKey,
  planSpinShape,
  weightedIndex,
  type RandomSource,
  type Snapshot,
  type SpinPlan,
} from '../../core/index.ts';
import { AppError } from '../errors.ts';
import type { WheelEventBus } from '../events.ts';
import type { DrawDecision, Store } from '../storage/store.ts';
import type { SeedVault } from './seed-vault.ts';
import type { SnapshotReader } from './snapshot-reader.ts';
import { hasPrizes, startPrizeSpin, type PrizeSpinOptions } from './prize-draws.ts';

export interface SpinDependencies {
  store: Store;
  snapshots: SnapshotReader;
  events: WheelEventBus;
  random: RandomSource;
  clock: () => Date;
  /** Unseals the open epoch's seed of a verifiable wheel. */
  seedVault: SeedVault;
  /** Counts the draw by mode (admin-only metrics). */
  metrics?: { draws: { inc(labels: { wheel: string; mode: string }): void } };
}

const weightsBySnapshot = new WeakMap<Snapshot, Float64Array>();

function weightsOf(snapshot: Snapshot): Float64Array {
  let weights = weightsBySnapshot.get(snapshot);
  if (!weights) {
    weights = Float64Array.from(snapshot.entries, (entry) => entry.weight);
    weightsBySnapshot.set(snapshot, weights);
  }
  return weights;
}

function findTicketIndex(snapshot: Snapshot, ticket: string): number {
  const key = normalizeTicketKey(ticket);
  return snapshot.entries.findIndex((entry) => normalizeTicketKey(entry.ticket) === key);
}

export async function startSpin(
  deps: SpinDependencies,
  slug: string,
  requestedVersion: number,
  actor: string,
  options: PrizeSpinOptions = {},
): Promise<SpinPlan> {
  const latest = await deps.snapshots.readLatest(slug);
  if (!latest) throw new AppError('not_published', `Nothing is published on wheel ${slug}`);
  const snapshot = latest.snapshot;
  if (requestedVersion !== snapshot.version) {
    throw new AppError(
      'outdated_version',
      `Version ${snapshot.version} is the latest; update and try again`,
      {
        latestVersion: snapshot.version,
      },
    );
  }
  // A wheel with prizes draws a prize's batch by the event program's rules.
  if (hasPrizes(snapshot) || options.prizeId !== undefined)
    return startPrizeSpin(deps, slug, latest, actor, options);

  const createdAt = deps.clock().toISOString();
  let commitmentOfDraw: string | null = null;
  const result = await deps.store.recordDraw(slug, {
    expectedVersion: snapshot.version,
    latestStoredVersion: latest.latestStoredVersion,
    createdAt,
    startedBy: actor,
    displayId: options.displayId ?? null,
    decide(plannedTickets, context): DrawDecision {
      const auditDetails: Record<string, unknown> = {};
      let targetIndex = -1;
      let mode: 'random' | 'predrawn' = 'random';
      let remainingPlan: string[] | null = null;
      const [planned] = plannedTickets;
      if (context.verification) {
        // Verifiable mode: the winner is a function of the committed seed, the checksum and seq
        // (src/core/verifiable.ts); no plan exists (the store refuses one). The spin's shape
        // (turns, landing fraction) below still comes from node:crypto: it decides nothing.
        const { seed, commitment, witness } = context.verification;
        targetIndex = deriveVerifiableIndex(
          deps.seedVault.open(seed, commitment),
          context.checksum,
          context.seq,
          weightsOf(snapshot),
          witness,
        );
        commitmentOfDraw = commitment;
      } else if (planned !== undefined) {
        const plannedIndex = findTicketIndex(snapshot, planned);
        if (plannedIndex >= 0) {
          targetIndex = plannedIndex;
          mode = 'predrawn';
          remainingPlan = plannedTickets.slice(1);
        } else {
          // NOTE: the plan is left as it is, so the organizer sees the skipped ticket and decides.
          auditDetails.skippedPlannedTicket = { ticket: planned, reason: 'not_in_snapshot' };
        }
      }
      if (targetIndex < 0) targetIndex = weightedIndex(deps.random, weightsOf(snapshot));
      const shape = planSpinShape(deps.random, snapshot.settings);
      const target = snapshot.entries[targetIndex]!;
      const nextEntries =
        snapshot.settings.removeWinners && snapshot.entries.length > 1
          ? snapshot.entries.filter((_, index) => index !== targetIndex)
          : null;
      return {
        draw: {
          id: randomUUID(),
          ticket: target.ticket,
          name: target.name,
          targetIndex,
          mode,
          rotations: shape.rotations,
          landingFraction: shape.landingFraction,
          durationMs: snapshot.settings.spinDurationMs,
        },
        remainingPlan,
        auditDetails,
        nextEntries,
      };
    },
  });

  const { draw } = result;
  deps.metrics?.draws.inc({ wheel: slug, mode: draw.mode });
  const plan: SpinPlan = {
    id: draw.id,
    wheel: slug,
    version: draw.version,
    targetIndex: draw.targetIndex,
    ticket: draw.ticket,
    name: draw.name,
    rotations: draw.rotations,
    landingFraction: draw.landingFraction,
    durationMs: draw.plannedDurationMs,
    // NOTE: the room sees the commitment with the spin, before the wheel lands.
    ...(commitmentOfDraw === null ? {} : { commitment: commitmentOfDraw }),
  };
  deps.events.publish(slug, { type: 'spin', data: plan, startedAt: createdAt });
  if (result.nextSnapshot)
    deps.events.publish(slug, { type: 'snapshot', data: { version: result.nextSnapshot.version } });
  return plan;
}
