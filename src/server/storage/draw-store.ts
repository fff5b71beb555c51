// The draws part of the Store: the draw log (each outcome recorded before any display animates),
// landing reports, voiding, and the pre-drawn plan the next draws take their winners from.
import type {
  DrawMode,
  DrawRecord,
  DrawRole,
  Entry,
  LandedReport,
  ProgramDraw,
  ProgramDrawFields,
  Snapshot,
  StageState,
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

/** The event program as the store reads it inside a batch's or a decline's transaction. */
export interface ProgramContext {
  rehearsal: boolean;
  stage: StageState;
  /** Every draw of the wheel with a prize, counted or not (core's rules filter), by seq. */
  draws: ProgramDraw[];
  /** The per-prize pre-drawn plan: prize id → tickets in draw order. */
  prizeTickets: Record<string, string[]>;
}

/** One place of a batch, decided by the caller. The first place is the spin displays animate. */
export interface BatchPlaceDecision {
  id: string;
  ticket: string;
  name: string;
  /** The entry's index in the drawn snapshot. */
  targetIndex: number;
  mode: DrawMode;
  role: DrawRole;
  rank: number;
  /** core personKeyOf of the entry. */
  person: string;
}

export interface BatchDecision {
  prizeId: string;
  batchId: string;
  /** Winners by rank, then reserves by rank; never empty. */
  places: BatchPlaceDecision[];
  /** The spin's shape (the first place's row carries it; the other places land with it). */
  shape: { rotations: number; landingFraction: number; durationMs: number };
  /** The prize's pre-drawn tickets after this batch (unchanged when null). */
  remainingPrizeTickets: string[] | null;
  auditDetails: Record<string, unknown>;
  /** What the stage shows once the batch is drawn. */
  stage: StageState;
}

export interface BatchRequest {
  expectedVersion: number;
  latestStoredVersion?: number;
  createdAt: string;
  startedBy: string;
  displayId?: string | null;
  /**
   * Called inside the transaction once the version is the latest and no spin turns. `context.seq`
   * is the first place's seq; place i gets seq + i. Throws (AppError) to abort: nothing is written.
   */
  decide(context: DrawContext, program: ProgramContext): BatchDecision;
}

/** What the `program` event carries: the revision, rehearsal and the stage, after a change. */
export interface ProgramStatus {
  /** Changes whenever the program's draws, declines, voids, the stage or rehearsal change. */
  revision: string;
  rehearsal: boolean;
  stage: StageState;
}

export interface BatchResult {
  /** One stored draw per place, in place order (the first is the spin). */
  draws: StoredDraw[];
  status: ProgramStatus;
}

/** A decline's substitute, decided by the caller inside the decline's transaction. */
export interface SubstituteDecision {
  id: string;
  ticket: string;
  name: string;
  targetIndex: number;
  mode: DrawMode;
  person: string;
  /** The reserve's seq when a reserve takes the place; null for a fresh draw. */
  promotedFrom: number | null;
}

export interface DeclineRequest {
  reason: string;
  declinedAt: string;
  declinedBy: string;
  /**
   * Called inside the transaction with the declined draw (already marked declined in `program`)
   * and the seq a fresh draw would get; null: no substitute (the place stays open).
   */
  decide(declined: StoredDraw, context: DrawContext, program: ProgramContext): SubstituteDecision | null;
}

export interface DeclineResult {
  declined: StoredDraw;
  substitute: StoredDraw | null;
  status: ProgramStatus;
}

/** What GET /api/wheels/:slug/program reads. */
export interface ProgramRead extends ProgramStatus {
  /** Draws with a prize, by seq. */
  draws: StoredDraw[];
}

export interface DrawStore {
  /**
   * One transaction: the version is the latest, no spin turns, the caller decides the batch from the
   * program draws; one row per place (own seq, one batch id), the prize's plan, the stage, one audit
   * event. A wheel in rehearsal records rehearsal rows.
   */
  recordBatch(slug: string, request: BatchRequest): Promise<BatchResult>;
  /**
   * One transaction: marks draw `seq` declined and records its substitute. Null when no such draw;
   * AppError not_a_winner (a reserve, a voided draw, a draw without a prize) or already_declined.
   */
  declineDraw(slug: string, seq: number, request: DeclineRequest): Promise<DeclineResult | null>;
  /** The program's state: rehearsal, stage, prize draws and their revision. */
  readProgram(slug: string): Promise<ProgramRead>;
  /** The places of one batch as drawn (its substitutes left out), by seq: what its spin event carried. */
  readBatchPlaces(slug: string, batchId: string): Promise<StoredDraw[]>;
  /** Changes what the stage shows (fields left out stay); AppError wheel_not_found. */
  setStage(slug: string, change: Partial<StageState>): Promise<ProgramStatus>;
  /** Switches rehearsal, audited (`rehearsal_on` / `go_live`) when it changes. */
  setRehearsal(slug: string, rehearsal: boolean, audit: AuditActor): Promise<ProgramStatus>;
  getPrizePlans(slug: string): Promise<Record<string, string[]>>;
  /** Replaces the per-prize plan (refused in verifiable mode like tickets), audited with `audit`. */
  setPrizePlans(
    slug: string,
    prizes: Record<string, string[]>,
    audit: AuditInput,
  ): Promise<Record<string, string[]>>;

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
