// The verification part of the Store: a wheel's verifiable mode and its seed epochs (a secret
// seed committed to before the draws it decides, revealed afterwards).
import type { AuditActor } from './store-types.ts';

export interface VerificationEpoch {
  epoch: number;
  /** Secret until revealedAt is set: never send it anywhere before. */
  seed: string;
  commitment: string;
  createdAt: string;
  revealedAt: string | null;
}

export interface WheelVerification {
  verifiable: boolean;
  /** Oldest first; the last one is the open epoch (unless the mode was never on). */
  epochs: VerificationEpoch[];
}

/** A fresh secret seed and its commitment, made by the caller (node:crypto). */
export interface NewSeed {
  seed: string;
  commitment: string;
}

export interface VerificationStore {
  getVerification(slug: string): Promise<WheelVerification>;
  /**
   * Turns the verifiable mode on or off (audited). Turning it on with a non-empty plan throws
   * AppError plan_not_empty; turning it on without an open epoch opens one with `newSeed`.
   */
  setVerifiable(
    slug: string,
    verifiable: boolean,
    newSeed: NewSeed,
    audit: AuditActor,
  ): Promise<WheelVerification>;
  /**
   * Reveals the open epoch's seed (audited) and, while the mode is on, opens the next epoch with
   * `newSeed`. Throws AppError nothing_to_reveal when no epoch is open.
   */
  revealSeed(
    slug: string,
    newSeed: NewSeed,
    audit: AuditActor,
  ): Promise<{ revealed: VerificationEpoch; verification: WheelVerification }>;
}
