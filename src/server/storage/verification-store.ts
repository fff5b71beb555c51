// The verification part of the Store: a wheel's verifiable mode and its seed epochs (a secret
// seed committed to before the draws it decides, revealed afterwards).
import type { AuditActor } from './store-types.ts';

export interface VerificationEpoch {
  epoch: number;
  /**
   * Until revealedAt: the seed's stored form (sealed by the SeedVault; plain hex in old databases),
   * never sent anywhere. From revealedAt on: the seed, 64 lowercase hex.
   */
  seed: string;
  commitment: string;
  /** The published version the list is frozen to, and its checksum (null: nothing published yet). */
  version: number | null;
  checksum: string | null;
  witness: string | null;
  witnessAt: string | null;
  createdAt: string;
  revealedAt: string | null;
  /** Closed without a reveal: the mode was turned off before the epoch had a draw. */
  closedAt: string | null;
}

export interface WheelVerification {
  verifiable: boolean;
  /** Oldest first; the last one is the open epoch (unless the mode was never on). */
  epochs: VerificationEpoch[];
}

/** A fresh secret seed (in its stored, sealed form) and its commitment, made by the caller. */
export interface NewSeed {
  seed: string;
  commitment: string;
}

/** The seeds a mode change or a reveal needs: the next epoch's, and the open one's in clear. */
export interface EpochSeeds {
  next: NewSeed;
  /** The seed of a stored epoch (the caller holds the key that unseals it). */
  open(epoch: VerificationEpoch): string;
}

export interface VerificationStore {
  getVerification(slug: string): Promise<WheelVerification>;
  /**
   * Turns the verifiable mode on or off (audited). Turning it on with a non-empty plan throws
   * AppError plan_not_empty; turning it on without an open epoch opens one with `seeds.next`,
   * frozen to the latest version. Turning it off closes the open epoch publicly: revealed when it
   * has draws, else closed (closedAt) with its seed kept secret.
   */
  setVerifiable(
    slug: string,
    verifiable: boolean,
    seeds: EpochSeeds,
    audit: AuditActor,
  ): Promise<WheelVerification>;
  /**
   * Reveals the open epoch's seed (audited) and, while the mode is on, opens the next epoch with
   * `seeds.next`. Throws AppError nothing_to_reveal when no epoch is open.
   */
  revealSeed(
    slug: string,
    seeds: EpochSeeds,
    audit: AuditActor,
  ): Promise<{ revealed: VerificationEpoch; verification: WheelVerification }>;
  /**
   * Records the open epoch's witness entropy (audited), once, before its first draw. Throws AppError
   * no_open_epoch, witness_already_set or epoch_has_draws.
   */
  setWitness(slug: string, witness: string, audit: AuditActor): Promise<WheelVerification>;
}
