// The draws part of the Store: the draw log (each outcome recorded before any display animates),
// landing reports, voiding, and the pre-drawn plan the next draws take their winners from.
import type {
  DrawMode,
  DrawRecord,
  Entry,
  LandedReport,
  ProgramDrawFields,
  Snapshot,
} from '../../core/index.ts';
import type { AuditActor, AuditInput } from './store-types.ts';

export type { LandedReport };

export interface DrawDecision {
  draw: {
    id: string;
    ticket: string;
    name: string;
    targetIndex: number;
    mode: DrawMode;
    rotations: number;
    landingFraction: number;
    durationMs: number;
  };
  /** The pre-drawn plan after this draw (unchanged when null). */
  remainingPlan: string[] | null;
  auditDetails: Record<string, unknown>;
  /** With removeWinners: the entries of the next version, published in the same transaction. */
  nextEntries: Entry[] | null;
}

/** What the store knows inside the draw's transaction, for the caller's decision. */
export interface DrawContext {
  /** The sequence number this draw will get. */
  seq: number;
  /** The drawn snapshot's checksum. */
  checksum: string;
  /**
   * Set when the wheel is in verifiable mode: the open epoch whose seed (stored form: the caller
   * unseals it) and witness must draw the winner.
   */
  verification: { epoch: number; seed: string; commitment: string; witness: string | null } | null;
  /** Offline draws only: the newest version, which removeWinners publishes the next one from. */
  latest?: Snapshot;
}

export interface DrawRequest {
  /** The version drawn on: the newest intact one. */
  expectedVersion: number;
  /**
   * The latest stored version when it is above expectedVersion because every newer row is damaged
   * (the reader refuses them); the draw is refused when the latest row is anything else.
   */
  latestStoredVersion?: number;
  createdAt: string;
  startedBy: string;
  /** The display that asked for the spin, when it said. */
  displayId?: string | null;
  /**
   * An offline draw: recorded on `expectedVersion` even when newer versions exist (the audience saw
   * it on that one), refused on a verifiable wheel (AppError offline_refused), and it uses the
   * voucher in the same transaction (AppError voucher_used when that was done already).
   */
  offline?: { voucherId: string } | undefined;
  /**
   * Refuse (AppError spin_in_progress) while the wheel's latest draw is still turning; default
   * true. False only for a draw that already happened elsewhere (a display's offline upload).
   */
  checkSpinInProgress?: boolean;
  /** Called inside the transaction once the version is known to be the latest (or, offline, to exist). */
  decide(plannedTickets: string[], context: DrawContext): DrawDecision;
}

export interface StoredDraw extends DrawRecord, ProgramDrawFields {
  rotations: number;
  landingFraction: number;
  plannedDurationMs: number;
  startedBy: string;
  /** The drawn snapshot's checksum (null for draws recorded before it was stored). */
  checksum: string | null;
  displayId: string | null;
  landedAt: string | null;
  voided: boolean;
  voidedAt: string | null;
  voidReason: string | null;
  voidedBy: string | null;
  /** The verification epoch whose seed drew it; null for ordinary draws. */
  epoch: number | null;
  declinedBy: string | null;
  /** core personKeyOf of the drawn entry; null on draws made before the event program. */
  person: string | null;
}

export interface DrawResult {
  draw: StoredDraw;
  /** The version published without the winner (removeWinners), else null. */
  nextSnapshot: Snapshot | null;
}

export interface DrawStore {
  /** One transaction: check the version is the latest, decide, insert the draw, update the plan, audit. */
  recordDraw(slug: string, request: DrawRequest): Promise<DrawResult>;
  /** First report wins; null when the draw is unknown. */
  recordLanded(
    slug: string,
    drawId: string,
    report: LandedReport,
    audit: AuditActor,
  ): Promise<{ ticket: string; firstReport: boolean; targetIndex: number; plannedDurationMs: number } | null>;
  listDraws(slug: string): Promise<StoredDraw[]>;
  /** The wheel's newest draw (highest seq), or null: what a screen joining a spin needs. */
  latestDraw(slug: string): Promise<StoredDraw | null>;
  /** One draw of the wheel by its id, or null. */
  findDraw(slug: string, drawId: string): Promise<StoredDraw | null>;
  /**
   * Marks a draw void (never deletes it). Null when the draw is unknown; throws AppError
   * already_voided when it was voided before.
   */
  voidDraw(
    slug: string,
    drawId: string,
    request: { reason: string; voidedAt: string },
    audit: AuditActor,
  ): Promise<StoredDraw | null>;

  getPlan(slug: string): Promise<string[]>;
  setPlan(slug: string, tickets: string[], audit: AuditInput): Promise<string[]>;
}
