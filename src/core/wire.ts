// The JSON the server and its clients (the wheel display, the admin page, the /verify page, the
// CLI) exchange, declared once: the server builds these and the clients read them. Answers already
// declared elsewhere in core (Snapshot, SpinPlan, DrawRecord, WheelAppearance, ValidationReport)
// are not repeated here.
import type { LogoContentType, WheelAppearance } from './appearance.ts';
import type { ProgramDraw } from './event-program.ts';
import type { ParticipantColumn, RowErrorCode } from './report.ts';
import type { DrawMode, DrawRecord, DrawRole, ProgramDrawFields, SpinPlan } from './types.ts';

/** The states a wheel display reports in its heartbeat (its page's `data-state`). */
export const DISPLAY_STATES = ['loading', 'empty', 'idle', 'spinning'] as const;
export type ReportedDisplayState = (typeof DISPLAY_STATES)[number];

/** Whether a display reaches the server (as its browser sees it). */
export const DISPLAY_CONNECTIONS = ['online', 'offline'] as const;
export type DisplayConnection = (typeof DISPLAY_CONNECTIONS)[number];

/**
 * How spins reach a display: its event stream, or its polls of `spins/current` while the stream is
 * down or silent (a venue network that blocks or buffers Server-Sent Events).
 */
export const SPIN_SOURCES = ['stream', 'poll'] as const;
export type SpinSource = (typeof SPIN_SOURCES)[number];

/** POST /api/wheels/:slug/displays/heartbeat: what a display shows and how it is doing. */
export interface DisplayHeartbeat {
  /** Stable per browser profile. */
  id: string;
  /** The version on screen; null before the first one. */
  version: number | null;
  state: ReportedDisplayState;
  connection: DisplayConnection;
  fps: number | null;
  heapMb: number | null;
  /** ISO time of the last successful sync; null before the first. */
  lastSyncAt: string | null;
  userAgent: string;
  /** Cached snapshots that failed their checksum since the page loaded. */
  damagedSnapshots: number;
  /** How spins reach the display now; absent from pages older than this field. */
  spinSource?: SpinSource;
}

/** The longest label of a presenter link (shown for it in logs, exports and History). */
export const PRESENTER_KEY_LABEL_MAX_CHARACTERS = 100;

/** The longest name an organizer may give a screen on the Displays page. */
export const DISPLAY_NAME_MAX_CHARACTERS = 60;

/** One row of GET /api/admin/displays: a display's last heartbeat, judged against the latest version. */
export interface DisplayStatus extends DisplayHeartbeat {
  wheel: string;
  /** The wheel's latest published version; null when nothing is published. */
  latestVersion: number | null;
  /** ISO time of the last heartbeat this server instance received. */
  lastSeenAt: string;
  /** Silent for longer than the server's staleness limit. */
  stale: boolean;
  /** Showing an older version than the latest published one. */
  outdated: boolean;
  /** The organizer's name for the screen (PUT /api/admin/displays/:wheel/:id/name); absent until named. */
  name?: string;
}

/** POST /api/wheels/:slug/spins/:id/landed: where the display's wheel came to rest, and when. */
export interface LandedReport {
  landedIndex: number;
  /** The animation's measured duration. */
  durationMs: number;
}

/**
 * GET /api/wheels/:slug/spins/current (200): the spin turning now, for a display that joins late;
 * with `?include=landed`, the newest server-decided draw even after it landed (a display whose event
 * stream is down shows its recorded winner).
 */
export interface CurrentSpinAnswer {
  plan: SpinPlan;
  /** ISO time, on the server's clock, when the spin started. */
  startedAt: string;
  /** The server's time when it answered (ISO), so the display can place itself in the spin. */
  now: string;
  /**
   * With `include=landed` only: when a display reported the spin's landing (ISO). The spin is over
   * then, even before its planned end.
   */
  landedAt?: string;
}

/**
 * One offline voucher (POST /api/wheels/:slug/offline-vouchers): single-use, issued to one
 * presenter (and the display it named) for one version. Offline, the winner is
 * deriveOfflineIndex(seed, checksum, weights of that version); the server recomputes it on upload.
 */
export interface OfflineVoucher {
  id: string;
  version: number;
  checksum: string;
  /** 64 lowercase hex digits. */
  seed: string;
}

/** POST /api/wheels/:slug/offline-vouchers answers the holder's unused vouchers for the latest version. */
export interface OfflineVouchersAnswer {
  vouchers: OfflineVoucher[];
}

/**
 * POST /api/wheels/:slug/offline-draws: a draw a display made while the server was unreachable,
 * from a voucher. Nothing here names the winner: the server derives it from the voucher. The
 * shape (turns, landing fraction, duration) is what the audience saw; it decides nothing.
 */
export interface OfflineDrawUpload {
  id: string;
  voucherId: string;
  version: number;
  rotations: number;
  landingFraction: number;
  durationMs: number;
  drawnAt: string;
  displayId?: string | undefined;
}

/**
 * The answer to an offline-draw upload (201 recorded now, 200 a re-send of a recorded one): the
 * same for every upload, so it never tells how a draw was made.
 */
export interface RecordedDraw {
  id: string;
  seq: number;
}

/** One draw of GET /api/admin/wheels/:slug/draws: the log with who, where, and whether voided. */
export interface DrawLogEntry extends DrawRecord, ProgramDrawFields {
  /** The drawn snapshot's checksum (null for draws recorded before it was stored). */
  checksum: string | null;
  landedAt: string | null;
  /** The actor as stored: a user name or `presenter-key:<id>`. */
  startedBy: string;
  /** Who started it as people know them: the user, or the presenter link's label. */
  startedByLabel: string;
  displayId: string | null;
  voided: boolean;
  voidReason: string | null;
  voidedAt: string | null;
  voidedBy: string | null;
  /** The verification epoch whose seed drew it; null for ordinary draws. */
  epoch: number | null;
}

/** POST /api/admin/wheels/:slug/draws/:id/void: the draw as it is now. */
export type VoidedDraw = Pick<
  DrawLogEntry,
  'id' | 'seq' | 'ticket' | 'voided' | 'voidReason' | 'voidedAt' | 'voidedBy'
>;

/** A verification epoch as published: its seed only once revealed. */
export interface PublicEpoch {
  epoch: number;
  commitment: string;
  /** Null until the organizer reveals it (and forever for an epoch closed without draws). */
  seed: string | null;
  /** The published version the epoch's list is frozen to, and its checksum; null while nothing was published. */
  version: number | null;
  checksum: string | null;
  /** The witness entropy mixed into the draws' key, typed after the commitment; null when none was given. */
  witness: string | null;
  witnessAt: string | null;
  createdAt: string;
  revealedAt: string | null;
  /** Set when the epoch was closed without a reveal (the mode was turned off before any draw). */
  closedAt: string | null;
}

/**
 * One draw inside an epoch's window [createdAt, revealedAt ?? closedAt). `epoch` is the epoch whose
 * seed drew it (derived) or whose window it fell in (not derived: pre-drawn, offline, fallback).
 */
export interface PublicVerifiableDraw {
  seq: number;
  epoch: number;
  /** True when the winner was drawn from the epoch's seed (and witness). */
  derived: boolean;
  version: number;
  checksum: string;
  ticket: string;
  targetIndex: number;
  createdAt: string;
  voided: boolean;
  // The event program (issue #18); absent from servers before it. A batch's places are derived
  // each from its own seq; a promoted reserve repeats its reserve's draw; rehearsal draws are never
  // derived and count for nothing.
  prizeId?: string | null;
  batchId?: string | null;
  role?: DrawRole | null;
  rank?: number | null;
  person?: string | null;
  substitutes?: number | null;
  promotedFrom?: number | null;
  declined?: boolean;
  rehearsal?: boolean;
}

/** GET /api/wheels/:slug/verification: everything needed to recompute every verifiable draw. */
export interface PublicVerification {
  wheel: string;
  mode: 'verifiable' | 'standard';
  /** The current epoch: the open one (its seed is null), else the last closed one. */
  epoch: number | null;
  commitment: string | null;
  seed: string | null;
  epochs: PublicEpoch[];
  /** Every draw made inside an epoch's window, by seq. */
  draws: PublicVerifiableDraw[];
  /**
   * Every draw of the event program (with a prize, any mode, any time), by seq: what the prizes'
   * eligible pools are recomputed from. Absent from servers before the event program.
   */
  program?: PublicProgramDraw[];
  /** The whole draw log in counts, and the draws made without a prize. Absent from older servers. */
  drawLog?: PublicDrawLog;
}

/**
 * The draw log as /verify shows it for every wheel, standard ones too (where nothing is
 * recomputed): how many draws were made and how each was decided — counts only, so no single draw
 * is told apart as pre-drawn — and the winners of a wheel without prizes.
 */
export interface PublicDrawLog {
  /** Every draw recorded, rehearsal ones included. */
  total: number;
  /** Draws made in rehearsal: they count for nothing. */
  rehearsal: number;
  /** The other draws by how the server decided them (`predrawn`: a ticket the organizer planned). */
  byMode: Record<DrawMode, number>;
  /** Of those, voided. */
  voided: number;
  /** Of those, winners who declined. */
  declined: number;
  /** The draws made without a prize (a wheel without prizes), rehearsal ones left out, by seq. */
  withoutPrize: PublicProgramDraw[];
}

/** One problem of PUT /api/admin/wheels/:slug/draft/entries (answered 422 with `errors`). */
export interface EntryError {
  /** 0-based index into the PUT entries array. */
  index: number;
  column: ParticipantColumn;
  code: RowErrorCode;
  message: string;
}

/** GET and PUT /api/admin/wheels/:slug/appearance: the public part plus the logo's facts. */
export interface AdminAppearance extends WheelAppearance {
  logo: { url: string; contentType: LogoContentType; bytes: number } | null;
  updatedAt: string | null;
}

/** One wheel in GET /api/admin/wheels. */
export interface WheelSummary {
  slug: string;
  title: string;
  latestVersion: number | null;
  publishedAt: string | null;
  /** Entries of the latest published version (0 when nothing is published). */
  entries: number;
  draftEntries: number;
  /** Present (true) only while the wheel still holds the sample list of a first start. */
  demo?: true;
}

/** POST /api/wheels/:slug/spins: the version on screen, and on a wheel with prizes what to draw. */
export interface SpinRequest {
  version: number;
  /** The prize to draw; absent: the prize on stage (wheels with prizes), else an ordinary draw. */
  prizeId?: string;
  /** Winners this press draws (default the prize's batchSize, at most what is left). */
  count?: number;
  displayId?: string;
}

/** What the big screens show between spins, set from the presenter console (or a clicker). */
export const STAGE_SCENES = ['wheel', 'batch', 'winners'] as const;
export type StageScene = (typeof STAGE_SCENES)[number];

/** PUT /api/wheels/:slug/stage (presenter rights); part of GET /api/wheels/:slug/program. */
export interface StageState {
  /** The prize on screen (its card, its eligible pool on the wheel); null: none. */
  prizeId: string | null;
  scene: StageScene;
  /** A blanked screen (B on a clicker): the page shows black until unblanked. */
  blank: boolean;
}

/**
 * One draw as the public program lists it: what screens need to apply the rules and show results.
 * `person` is the pseudonymous person key (core personKeyOf over the snapshot entry), never a raw
 * value. A decline's reason is public (the verify page shows winner, reason and substitute); who
 * declined it on the organizer's side stays in the admin's log.
 */
export interface PublicProgramDraw extends ProgramDraw {
  /** Why the winner did not take the prize; null unless declined. */
  declineReason: string | null;
  version: number;
  name: string;
  targetIndex: number;
  createdAt: string;
}

/**
 * GET /api/wheels/:slug/program (public): the stage, rehearsal, and every draw of the wheel's
 * program (draws made on a wheel with prizes, rehearsal ones included and marked). `revision`
 * changes whenever any of it does; the `program` event carries it so screens refetch only then.
 */
export interface ProgramState {
  wheel: string;
  rehearsal: boolean;
  stage: StageState;
  draws: PublicProgramDraw[];
  revision: string;
}

/** What one ticket holds in the results (core entrantWins): a place (role winner) or a waiting reserve. */
export interface EntrantWin {
  prizeId: string;
  /** The place for a winner (1-based within the prize); the reserve's rank within its batch for a reserve. */
  rank: number;
  role: DrawRole;
}

/** POST /api/wheels/:slug/entrant-check: one ticket's self-check (public results page). */
export interface EntrantCheckAnswer {
  /** Whether the ticket (with its person, where the entry has one) is in a checked version. */
  inList: boolean;
  /** The checked versions that hold it, ascending. */
  versions: number[];
  /** The places it holds and the reserves it is, drawn on a version that holds it. */
  won: EntrantWin[];
}

/** POST /api/wheels/:slug/draws/:seq/decline: the declined draw, and the draw that took its place. */
export interface DeclineAnswer {
  declined: PublicProgramDraw;
  /** The promoted reserve or the new draw; null when the pool was empty (the place stays open). */
  substitute: PublicProgramDraw | null;
}
