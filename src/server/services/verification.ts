// Verifiable draws, server side: fresh seeds from node:crypto, and the public view of a wheel's
// commitments, revealed seeds and verifiable draws. A seed leaves the server only once revealed.
import { randomBytes } from 'node:crypto';
import {
  seedCommitment,
  VERIFIABLE_SEED_BYTES,
  type PublicEpoch,
  type PublicVerification,
} from '../../core/index.ts';
import type { NewSeed, StoredDraw, VerificationEpoch, WheelVerification } from '../storage/store.ts';

export function createSeed(): NewSeed {
  const seed = randomBytes(VERIFIABLE_SEED_BYTES).toString('hex');
  return { seed, commitment: seedCommitment(seed) };
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
