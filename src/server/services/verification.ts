// Verifiable draws, server side: fresh seeds from node:crypto (stored sealed), the mode switch, the
// reveal and the witness, and the public view of a wheel's epochs and of every draw inside an
// epoch's window. A seed leaves the server only once revealed.
import { randomBytes } from 'node:crypto';
import {
  DRAW_MODES,
  seedCommitment,
  VERIFIABLE_SEED_BYTES,
  type DrawMode,
  type PublicDrawLog,
  type PublicEpoch,
  type PublicVerifiableDraw,
  type PublicVerification,
} from '../../core/index.ts';
import { AppError } from '../errors.ts';
import type { WheelEventBus } from '../events.ts';
import type {
  EpochSeeds,
  NewSeed,
  Store,
  StoredDraw,
  VerificationEpoch,
  WheelVerification,
} from '../storage/store.ts';
import type { SeedVault } from './seed-vault.ts';
import { toPublicProgramDraw } from './prize-draws.ts';

/** Witness entropy: any text an independent person types, 1–200 characters. */
export const WITNESS_MAX_CHARACTERS = 200;

export interface VerificationDependencies {
  store: Store;
  seedVault: SeedVault;
  events: WheelEventBus;
}

/** A fresh seed in its stored (sealed) form, with its public commitment. */
export function createSeed(vault: SeedVault): NewSeed {
  const seed = randomBytes(VERIFIABLE_SEED_BYTES).toString('hex');
  const commitment = seedCommitment(seed);
  return { seed: vault.seal(seed, commitment), commitment };
}

function epochSeeds(vault: SeedVault): EpochSeeds {
  return {
    next: createSeed(vault),
    open: (epoch) => (epoch.revealedAt === null ? vault.open(epoch.seed, epoch.commitment) : epoch.seed),
  };
}

/** Tells the wheel's screens that the commitment they show may have changed. */
function announceEpoch(deps: VerificationDependencies, slug: string, verification: WheelVerification) {
  const open = verification.epochs.at(-1);
  const commitment = open && open.revealedAt === null && open.closedAt === null ? open.commitment : null;
  deps.events.publish(slug, { type: 'verification', data: { commitment } });
}

export async function setVerifiableMode(
  deps: VerificationDependencies,
  slug: string,
  verifiable: boolean,
  actor: string,
): Promise<WheelVerification> {
  const verification = await deps.store.setVerifiable(slug, verifiable, epochSeeds(deps.seedVault), {
    actor,
  });
  announceEpoch(deps, slug, verification);
  return verification;
}

export async function revealEpochSeed(deps: VerificationDependencies, slug: string, actor: string) {
  const result = await deps.store.revealSeed(slug, epochSeeds(deps.seedVault), { actor });
  announceEpoch(deps, slug, result.verification);
  return result;
}

/**
 * Records the open epoch's witness entropy: the text as typed, trimmed, 1–200 characters (throws
 * AppError invalid_request naming `entropy` otherwise). The API and the CLI both come here.
 */
export async function setEpochWitness(
  deps: Pick<VerificationDependencies, 'store'>,
  slug: string,
  entropy: string,
  actor: string,
): Promise<WheelVerification> {
  const witness = entropy.trim();
  if (witness.length < 1 || witness.length > WITNESS_MAX_CHARACTERS) {
    throw new AppError(
      'invalid_request',
      `entropy: type 1 to ${WITNESS_MAX_CHARACTERS} characters (got ${witness.length})`,
    );
  }
  return deps.store.setWitness(slug, witness, { actor });
}

/** The public view, read from the store. */
export async function readPublicVerification(store: Store, slug: string): Promise<PublicVerification> {
  const [verification, draws] = await Promise.all([store.getVerification(slug), store.listDraws(slug)]);
  return toPublicVerification(slug, verification, draws);
}

function toPublicEpoch(epoch: VerificationEpoch): PublicEpoch {
  return {
    epoch: epoch.epoch,
    commitment: epoch.commitment,
    // NOTE: the one place a seed is turned into output: only after its reveal (stored in clear then).
    seed: epoch.revealedAt === null ? null : epoch.seed,
    version: epoch.version,
    checksum: epoch.checksum,
    witness: epoch.witness,
    witnessAt: epoch.witnessAt,
    createdAt: epoch.createdAt,
    revealedAt: epoch.revealedAt,
    closedAt: epoch.closedAt,
  };
}

/** The epoch whose window [createdAt, revealedAt ?? closedAt) holds the instant, if any. */
function windowEpochOf(epochs: readonly VerificationEpoch[], createdAt: string): VerificationEpoch | null {
  const at = Date.parse(createdAt);
  return (
    epochs.find((epoch) => {
      const end = epoch.revealedAt ?? epoch.closedAt;
      return at >= Date.parse(epoch.createdAt) && (end === null || at < Date.parse(end));
    }) ?? null
  );
}

function toPublicDraw(draw: StoredDraw, epochs: readonly VerificationEpoch[]): PublicVerifiableDraw | null {
  const derived = draw.epoch !== null;
  // NOTE: a draw not drawn from a seed is listed too when it falls inside an epoch's window, so
  // nothing drawn while a commitment is open escapes verification (it fails there, visibly).
  const epoch = draw.epoch ?? windowEpochOf(epochs, draw.createdAt)?.epoch ?? null;
  if (epoch === null) return null;
  return {
    seq: draw.seq,
    epoch,
    derived,
    version: draw.version,
    checksum: draw.checksum ?? '',
    ticket: draw.ticket,
    targetIndex: draw.targetIndex,
    createdAt: draw.createdAt,
    voided: draw.voided,
    prizeId: draw.prizeId,
    batchId: draw.batchId,
    role: draw.role,
    rank: draw.rank,
    person: draw.prizeId === null ? null : toPublicProgramDraw(draw).person,
    substitutes: draw.substitutes,
    promotedFrom: draw.promotedFrom,
    declined: draw.declined !== null,
    rehearsal: draw.rehearsal,
  };
}

export function toPublicVerification(
  wheel: string,
  verification: WheelVerification,
  draws: readonly StoredDraw[],
): PublicVerification {
  const epochs = verification.epochs.map(toPublicEpoch);
  const current = epochs.at(-1) ?? null;
  return {
    wheel,
    mode: verification.verifiable ? 'verifiable' : 'standard',
    epoch: current?.epoch ?? null,
    commitment: current?.commitment ?? null,
    seed: current?.seed ?? null,
    epochs,
    draws: draws.flatMap((draw) => toPublicDraw(draw, verification.epochs) ?? []),
    program: draws.filter((draw) => draw.prizeId !== null).map(toPublicProgramDraw),
    drawLog: toPublicDrawLog(draws),
  };
}

/** The draw log in counts (rehearsal apart) and the winners drawn without a prize. */
export function toPublicDrawLog(draws: readonly StoredDraw[]): PublicDrawLog {
  const counted = draws.filter((draw) => !draw.rehearsal);
  const byMode = Object.fromEntries(DRAW_MODES.map((mode) => [mode, 0])) as Record<DrawMode, number>;
  for (const draw of counted) byMode[draw.mode] += 1;
  return {
    total: draws.length,
    rehearsal: draws.length - counted.length,
    byMode,
    voided: counted.filter((draw) => draw.voided).length,
    declined: counted.filter((draw) => draw.declined !== null).length,
    withoutPrize: counted.filter((draw) => draw.prizeId === null).map(toPublicProgramDraw),
  };
}
