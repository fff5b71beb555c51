// The snapshots part of the Store: the immutable, checksummed versions a publish writes, read
// back as stored (the body text exactly as hashed) for the caller to verify.
import type { Entry, Prize, Snapshot, SnapshotBody, WheelSettings } from '../../core/index.ts';
import type { AuditInput } from './store-types.ts';
import type { Draft } from './wheel-store.ts';

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
  /** The event's prizes; left out of the snapshot when empty (a wheel without prizes). */
  prizes?: Prize[];
  /**
   * The full names, index for index with `entries`, when those carry public names
   * (settings.publicNames other than `full`); kept beside the snapshot, never served publicly.
   */
  fullNames?: string[];
  audit: Omit<AuditInput, 'wheel' | 'action'>;
}

/** A version's full names and its private checksum (see insertSnapshot). */
export interface PrivateNames {
  names: string[];
  privateChecksum: string;
}

export interface PublishRequest {
  publishedAt: string;
  publishedBy: string;
  /**
   * Called inside the transaction with the current draft, the latest published body and the
   * wheel's person key (made in this transaction when the draft has persons and the wheel no key
   * yet; null when neither). Throws (an AppError) to abort: nothing is written.
   */
  prepare(draft: Draft, previous: SnapshotBody | null, personKey: string | null): PublishDecision;
}

export interface SnapshotStore {
  latestVersion(slug: string): Promise<number | null>;
  getSnapshotRow(slug: string, version: number): Promise<SnapshotRow | null>;
  listSnapshots(slug: string): Promise<SnapshotSummary[]>;
  /** Every stored snapshot's key, oldest first per wheel (for `prizewheel verify`). */
  listSnapshotKeys(): Promise<Array<{ wheel: string; version: number }>>;
  /** One transaction: next version = max + 1, insert the snapshot, audit. Throws AppError wheel_not_found. */
  publishDraft(slug: string, request: PublishRequest): Promise<Snapshot>;
  /**
   * The full names of a version published with settings.publicNames other than `full` (null for
   * `full`). Server-side only: for the admin, the presenter's spin answer and restoring a version.
   */
  readPrivateNames(slug: string, version: number): Promise<PrivateNames | null>;
  /** The wheel's person key, or null when none was made yet. Server-side only: never answered. */
  readPersonKey(slug: string): Promise<string | null>;
}
