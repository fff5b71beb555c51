// The one storage interface of the server. Every method is async so the PostgreSQL adapter
// (kysely + pg, a later issue) implements exactly the same contract as the SQLite one.
// State changes take the audit event they belong to and write it in the same transaction.
import type { AccountStore } from './account-store.ts';
import type {
  DraftEntry,
  DrawMode,
  DrawRecord,
  Entry,
  LogoContentType,
  OfflineSpinPolicy,
  Snapshot,
  SnapshotBody,
  WheelSettings,
} from '../../core/index.ts';

export type Role = 'admin' | 'presenter';

export interface User {
  username: string;
  role: Role;
}

export interface UserWithPassword extends User {
  passwordHash: string;
}

/** Who did it and what: the store adds id, time and the hash chain. */
export interface AuditInput {
  actor: string;
  action: string;
  wheel: string | null;
  details: Record<string, unknown>;
}

export interface AuditEvent extends AuditInput {
  id: number;
  at: string;
  prevHash: string;
  hash: string;
}

export interface Wheel {
  slug: string;
  title: string;
  settings: WheelSettings;
  createdAt: string;
}

export interface WheelSummary {
  slug: string;
  title: string;
  latestVersion: number | null;
  publishedAt: string | null;
  /** Entries of the latest published version (0 when nothing is published). */
  entries: number;
  draftEntries: number;
}

export interface Draft {
  wheel: string;
  entries: DraftEntry[];
  settings: WheelSettings;
  updatedAt: string;
  basedOnVersion: number | null;
}

/** A snapshot row as stored: the body text exactly as hashed, not yet verified. */
export interface SnapshotRow {
  wheel: string;
  version: number;
  publishedAt: string;
  body: string;
  checksum: string;
}

export interface SnapshotSummary {
  version: number;
  publishedAt: string;
  entries: number;
  checksum: string;
  publishedBy: string;
}

/** What a publish writes, decided by the caller inside the publishing transaction. */
export interface PublishDecision {
  entries: Entry[];
  settings: WheelSettings;
  audit: Omit<AuditInput, 'wheel' | 'action'>;
}

export interface PublishRequest {
  publishedAt: string;
  publishedBy: string;
  /**
   * Called inside the transaction with the current draft and the latest published body.
   * Throws (an AppError) to abort: nothing is written.
   */
  prepare(draft: Draft, previous: SnapshotBody | null): PublishDecision;
}

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
  /** Set when the wheel is in verifiable mode: the open epoch whose seed must draw the winner. */
  verification: { epoch: number; seed: string } | null;
}

export interface DrawRequest {
  expectedVersion: number;
  createdAt: string;
  startedBy: string;
  /** The display that asked for the spin, when it said. */
  displayId?: string | null;
  /** Called inside the transaction once the version is known to be the latest. */
  decide(plannedTickets: string[], context: DrawContext): DrawDecision;
}

export interface StoredDraw extends DrawRecord {
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
}

/** Filters of the audit log listing; every one optional. Newest first. */
export interface AuditQuery {
  wheel?: string;
  action?: string;
  actor?: string;
  /** ISO time: only events at or after it. */
  since?: string;
  /** Only events with a smaller id (the cursor of the next page). */
  before?: number;
  limit: number;
}

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

export interface DrawResult {
  draw: StoredDraw;
  /** The version published without the winner (removeWinners), else null. */
  nextSnapshot: Snapshot | null;
}

export interface LandedReport {
  landedIndex: number;
  durationMs: number;
}

export interface StoredLogo {
  /** SHA-256 hex of the bytes: the logo's content address. */
  sha256: string;
  contentType: LogoContentType;
  bytes: number;
}

/** A wheel's presentation settings (live, not versioned); the defaults until first changed. */
export interface StoredAppearance {
  title: string;
  offlineSpins: OfflineSpinPolicy;
  logo: StoredLogo | null;
  /** Null while the wheel has the defaults. */
  updatedAt: string | null;
}

/** Fields left out stay as they are; `logo: null` removes the logo. */
export interface AppearanceChange {
  title?: string;
  offlineSpins?: OfflineSpinPolicy;
  logo?: { sha256: string; contentType: LogoContentType; data: Uint8Array } | null;
}

/** A draft replacement being written in chunks; see Store.stageDraftEntries. */
export interface DraftStaging {
  /** Stores one chunk: a JSON array of DraftEntry (already validated), and how many entries it holds. */
  append(entriesJson: string, count: number): Promise<void>;
  /**
   * Points the draft at the staged entries in one short transaction, with its audit event; then
   * removes the entries it replaced. Throws AppError import_conflict when another replacement of
   * the same draft removed the staged chunks meanwhile (the draft is then left as that one made it).
   */
  commit(audit: AuditInput): Promise<{ entries: number; updatedAt: string }>;
  /** Forgets the staged chunks; the draft is unchanged. */
  discard(): Promise<void>;
}

export interface Store extends AccountStore {
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  /** Names of the migrations applied to the database, oldest first (for readiness). */
  listAppliedMigrations(): Promise<string[]>;
  close(): Promise<void>;

  countUsers(): Promise<number>;
  createUser(user: UserWithPassword, audit: AuditInput): Promise<void>;
  findUser(username: string): Promise<UserWithPassword | null>;
  createSession(
    session: { tokenHash: string; username: string; expiresAt: string },
    audit: AuditInput,
  ): Promise<void>;
  /** The user of an unexpired session, else null. */
  findSessionUser(tokenHash: string, now: string): Promise<User | null>;
  /** Revokes a session; false when there was none. */
  deleteSession(tokenHash: string, audit: AuditInput): Promise<boolean>;
  createApiToken(
    token: { tokenHash: string; username: string; name: string },
    audit: AuditInput,
  ): Promise<void>;
  findApiTokenUser(tokenHash: string): Promise<User | null>;

  listWheels(): Promise<WheelSummary[]>;
  getWheel(slug: string): Promise<Wheel | null>;
  /** Creates the wheel and its empty draft. Throws AppError wheel_exists. */
  createWheel(
    wheel: { slug: string; title: string; settings: WheelSettings },
    audit: AuditInput,
  ): Promise<Wheel>;
  getDraft(slug: string): Promise<Draft | null>;
  replaceDraftEntries(slug: string, entries: DraftEntry[], audit: AuditInput): Promise<Draft>;
  /**
   * Starts replacing the draft's entries piece by piece (a big import); nothing changes for readers
   * until `commit`. Throws AppError wheel_not_found.
   */
  stageDraftEntries(slug: string): Promise<DraftStaging>;
  updateDraftSettings(slug: string, settings: WheelSettings, audit: AuditInput): Promise<Draft>;

  latestVersion(slug: string): Promise<number | null>;
  getSnapshotRow(slug: string, version: number): Promise<SnapshotRow | null>;
  listSnapshots(slug: string): Promise<SnapshotSummary[]>;
  /** Every stored snapshot's key, oldest first per wheel (for `prizewheel verify`). */
  listSnapshotKeys(): Promise<Array<{ wheel: string; version: number }>>;
  /** One transaction: next version = max + 1, insert the snapshot, audit. Throws AppError wheel_not_found. */
  publishDraft(slug: string, request: PublishRequest): Promise<Snapshot>;

  /** One transaction: check the version is the latest, decide, insert the draw, update the plan, audit. */
  recordDraw(slug: string, request: DrawRequest): Promise<DrawResult>;
  /** First report wins; null when the draw is unknown. */
  recordLanded(
    slug: string,
    drawId: string,
    report: LandedReport,
    audit: Omit<AuditInput, 'wheel' | 'action' | 'details'>,
  ): Promise<{ ticket: string; firstReport: boolean; targetIndex: number; plannedDurationMs: number } | null>;
  listDraws(slug: string): Promise<StoredDraw[]>;
  /** The wheel's newest draw (highest seq), or null: what a screen joining a spin needs. */
  latestDraw(slug: string): Promise<StoredDraw | null>;
  /**
   * Marks a draw void (never deletes it). Null when the draw is unknown; throws AppError
   * already_voided when it was voided before.
   */
  voidDraw(
    slug: string,
    drawId: string,
    request: { reason: string; voidedAt: string },
    audit: Omit<AuditInput, 'wheel' | 'action' | 'details'>,
  ): Promise<StoredDraw | null>;

  getVerification(slug: string): Promise<WheelVerification>;
  /**
   * Turns the verifiable mode on or off (audited). Turning it on with a non-empty plan throws
   * AppError plan_not_empty; turning it on without an open epoch opens one with `newSeed`.
   */
  setVerifiable(
    slug: string,
    verifiable: boolean,
    newSeed: NewSeed,
    audit: Omit<AuditInput, 'wheel' | 'action' | 'details'>,
  ): Promise<WheelVerification>;
  /**
   * Reveals the open epoch's seed (audited) and, while the mode is on, opens the next epoch with
   * `newSeed`. Throws AppError nothing_to_reveal when no epoch is open.
   */
  revealSeed(
    slug: string,
    newSeed: NewSeed,
    audit: Omit<AuditInput, 'wheel' | 'action' | 'details'>,
  ): Promise<{ revealed: VerificationEpoch; verification: WheelVerification }>;

  getPlan(slug: string): Promise<string[]>;
  setPlan(slug: string, tickets: string[], audit: AuditInput): Promise<string[]>;

  /** Throws AppError wheel_not_found. */
  getAppearance(slug: string): Promise<StoredAppearance>;
  /** One transaction: apply the change, audit `appearance` (the logo by hash, never its bytes). */
  updateAppearance(
    slug: string,
    change: AppearanceChange,
    audit: Omit<AuditInput, 'wheel' | 'action' | 'details'>,
  ): Promise<StoredAppearance>;
  /** The wheel's current logo when its hash is `sha256`, else null (an old or unknown address). */
  getLogo(slug: string, sha256: string): Promise<{ contentType: LogoContentType; data: Uint8Array } | null>;

  appendAudit(audit: AuditInput): Promise<AuditEvent>;
  listAuditEvents(): Promise<AuditEvent[]>;
  /** The audit log filtered, newest first, at most `limit` events. */
  queryAuditEvents(query: AuditQuery): Promise<AuditEvent[]>;
}
