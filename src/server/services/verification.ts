// Verifiable draws, server side: fresh seeds from node:crypto, and the public view of a wheel's
// commitments, revealed seeds and verifiable draws. A seed leaves the server only once revealed.
import { randomBytes } from 'node:crypto';
import { seedCommitment, VERIFIABLE_SEED_BYTES } from '../../core/index.ts';
import type { NewSeed, StoredDraw, VerificationEpoch, WheelVerification } from '../storage/store.ts';

export function createSeed(): NewSeed {
  const seed = randomBytes(VERIFIABLE_SEED_BYTES).toString('hex');
  return { seed, commitment: seedCommitment(seed) };
}

export interface PublicEpoch {
  epoch: number;
  commitment: string;
  /** Null until the organizer reveals it. */
  seed: string | null;
  createdAt: string;
  revealedAt: string | null;
}

export interface PublicVerifiableDraw {
  seq: number;
  epoch: number;
  version: number;
  checksum: string;
  ticket: string;
  targetIndex: number;
  createdAt: string;
  voided: boolean;
}

export interface PublicVerification {
  wheel: string;
  mode: 'verifiable' | 'standard';
  /** The current epoch: the open one (its seed is null), else the last revealed one. */
  epoch: number | null;
  commitment: string | null;
  seed: string | null;
  epochs: PublicEpoch[];
  /** Every draw made in verifiable mode, by seq. */
  draws: PublicVerifiableDraw[];
}

function toPublicEpoch(epoch: VerificationEpoch): PublicEpoch {
  return {
    epoch: epoch.epoch,
    commitment: epoch.commitment,
    // NOTE: the one place a seed is turned into output: only after its reveal.
    seed: epoch.revealedAt === null ? null : epoch.seed,
    createdAt: epoch.createdAt,
    revealedAt: epoch.revealedAt,
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
    draws: draws.flatMap((draw) =>
      draw.epoch === null || draw.checksum === null
        ? []
        : [
            {
              seq: draw.seq,
              epoch: draw.epoch,
              version: draw.version,
              checksum: draw.checksum,
              ticket: draw.ticket,
              targetIndex: draw.targetIndex,
              createdAt: draw.createdAt,
              voided: draw.voided,
            },
          ],
    ),
  };
}
