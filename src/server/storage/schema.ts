// The database schema as Kysely sees it. Timestamps are ISO 8601 UTC text and JSON is text, so
// the same queries run on SQLite and PostgreSQL.
import type { Generated } from 'kysely';

export interface UsersTable {
  username: string;
  role: string;
  /** `scrypt$N$r$p$<salt hex>$<hash hex>` */
  password_hash: string;
  created_at: string;
}

export interface SessionsTable {
  /** SHA-256 hex of the cookie token: a leaked table does not leak sessions. */
  token_hash: string;
  username: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  token_hash: string;
  username: string;
  name: string;
  created_at: string;
}

export interface WheelsTable {
  slug: string;
  title: string;
  /** JSON of WheelSettings. */
  settings: string;
  created_at: string;
  /** 1 when draws are verifiable (seed committed in advance, no pre-drawn plans), else 0. */
  verifiable: Generated<number>;
  /** 1 while the wheel rehearses: its draws count for nothing (migration 0010). */
  rehearsal: Generated<number>;
  /** The prize on the big screens, the scene they show, and whether they are blanked. */
  stage_prize: Generated<string | null>;
  stage_scene: Generated<string>;
  stage_blank: Generated<number>;
  /** The HMAC key of the wheel's person pseudonyms (hex); null until first needed. Never public. */
  person_key: Generated<string | null>;
}

export interface DraftsTable {
  wheel: string;
  /** JSON array of DraftEntry; `[]` while the entries live in draft_chunks (entries_batch set). */
  entries: string;
  entry_count: number;
  settings: string;
  updated_at: string;
  based_on_version: number | null;
  /** The draft_chunks batch holding the entries, or null when they are in `entries`. */
  entries_batch: Generated<string | null>;
  /** JSON array of Prize, in running order (migration 0010). */
  prizes: Generated<string>;
}

/** A draft's entries written in pieces by an import; only the batch a draft points to is read. */
export interface DraftChunksTable {
  wheel: string;
  batch: string;
  /** 0, 1, 2…: the chunks' order. */
  seq: number;
  /** JSON array of DraftEntry. */
  entries: string;
  entry_count: number;
  created_at: string;
}

export interface SnapshotsTable {
  wheel: string;
  version: number;
  published_at: string;
  /** JSON of SnapshotBody (without checksum), exactly as hashed. Never updated. */
  body: string;
  checksum: string;
  entry_count: number;
  published_by: string;
}

/** The full names of a version published with settings.publicNames other than `full` (0011). */
export interface SnapshotPrivateNamesTable {
  wheel: string;
  version: number;
  /** JSON array of the full names, index for index with the snapshot's entries. */
  names: string;
  /** `sha256:` checksum of the snapshot body with the full names in place of the public ones. */
  private_checksum: string;
}

export interface DrawsTable {
  id: string;
  wheel: string;
  seq: number;
  version: number;
  ticket: string;
  name: string;
  target_index: number;
  mode: string;
  rotations: number;
  landing_fraction: number;
  duration_ms: number;
  created_at: string;
  landed_index: number | null;
  landed_duration_ms: number | null;
  started_by: string;
  /** The drawn snapshot's checksum (null on draws from before migration 0003). */
  checksum: string | null;
  display_id: string | null;
  landed_at: string | null;
  voided_at: string | null;
  void_reason: string | null;
  voided_by: string | null;
  /** The verification epoch whose seed drew this winner; null for ordinary draws. */
  epoch: number | null;
  // The event program (migration 0010): see ProgramDrawFields in core/types.ts.
  prize_id: string | null;
  batch_id: string | null;
  role: string | null;
  rank: number | null;
  substitutes: number | null;
  promoted_from: number | null;
  declined_at: string | null;
  decline_reason: string | null;
  declined_by: string | null;
  /** core personKeyOf of the drawn entry (a pseudonym or a ticket key), for the eligibility rules. */
  person: string | null;
  /** 1 when drawn during a rehearsal. */
  rehearsal: number;
}

export interface PlansTable {
  wheel: string;
  /** JSON array of tickets, in draw order. */
  tickets: string;
  updated_at: string;
  /** JSON object: prize id → pre-drawn tickets of that prize, in draw order (migration 0010). */
  prize_tickets: Generated<string>;
}

/** An uploaded prize image (PNG, JPEG, WebP ≤ 512 KB), named by its SHA-256 (migration 0010). */
export interface PrizeImagesTable {
  wheel: string;
  sha256: string;
  content_type: string;
  bytes: number;
  base64: string;
  created_at: string;
}

/** A verifiable-mode seed: its commitment is public at once, the seed only after the reveal. */
export interface VerificationEpochsTable {
  wheel: string;
  epoch: number;
  /**
   * Until revealed_at: the seed sealed with the verification key (`aes256gcm:…`, see
   * services/seed-vault.ts), or 64 lowercase hex in databases from before sealing. From revealed_at
   * on: the seed itself, 64 lowercase hex (public then).
   */
  seed: string;
  /** sha256(seed bytes), lowercase hex. */
  commitment: string;
  created_at: string;
  revealed_at: string | null;
  /** The version (and its checksum) the epoch's list is frozen to; null while nothing was published. */
  version: number | null;
  checksum: string | null;
  /** Witness entropy typed by an independent person after the commitment, mixed into the draws' key. */
  witness: string | null;
  witness_at: string | null;
  /** Closed without a reveal (mode turned off before any draw). */
  closed_at: string | null;
}

export interface AuditEventsTable {
  id: number;
  at: string;
  actor: string;
  action: string;
  wheel: string | null;
  /** JSON object. */
  details: string;
  prev_hash: string;
  hash: string;
}

export interface PresenterKeysTable {
  id: string;
  wheel: string;
  label: string;
  /** SHA-256 hex of the key. */
  key_hash: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
}

/** A wheel a presenter account may spin (admins need no grant). */
export interface PresenterGrantsTable {
  username: string;
  wheel: string;
  created_at: string;
}

/** A wheel's presentation settings (no row: the defaults). */
export interface WheelAppearanceTable {
  wheel: string;
  title: string;
  /** 'allow' | 'refuse' */
  offline_spins: string;
  /** SHA-256 hex of the logo bytes; null without a logo. */
  logo_sha256: string | null;
  logo_type: string | null;
  /** The logo bytes as base64. */
  logo_base64: string | null;
  logo_bytes: number | null;
  updated_at: string;
}

/** A single-use offline voucher, kept as issued (used and retired ones too). */
export interface OfflineVouchersTable {
  id: string;
  wheel: string;
  /** The presenter it was issued to: `presenter-key:<id>` or a user name (the request's actor). */
  holder: string;
  /** The display the presenter named, '' when none. */
  display_id: string;
  /** 64 lowercase hex (32 bytes): decides the winner of the offline draw that uses it. */
  seed: string;
  version: number;
  checksum: string;
  issued_at: string;
  used_at: string | null;
  draw_id: string | null;
  /** Set when vouchers for a newer version replaced it unused: it can no longer be used. */
  retired_at: string | null;
}

/** The PostgreSQL relay's outbox (migration 0009): one row per event sent to the other instances. */
export interface RelayEventsTable {
  /** Random (UUID); the NOTIFY payload names it. */
  id: string;
  /** The instance that wrote it. */
  origin: string;
  wheel: string;
  created_at: string;
  /** The WheelEvent as JSON. */
  event: string;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  wheels: WheelsTable;
  drafts: DraftsTable;
  draft_chunks: DraftChunksTable;
  snapshots: SnapshotsTable;
  snapshot_private_names: SnapshotPrivateNamesTable;
  draws: DrawsTable;
  plans: PlansTable;
  audit_events: AuditEventsTable;
  presenter_keys: PresenterKeysTable;
  presenter_grants: PresenterGrantsTable;
  verification_epochs: VerificationEpochsTable;
  wheel_appearance: WheelAppearanceTable;
  offline_vouchers: OfflineVouchersTable;
  relay_events: RelayEventsTable;
  prize_images: PrizeImagesTable;
}
