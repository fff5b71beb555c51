// The wheels-and-drafts part of the Store: the wheels, and each wheel's one editable draft
// (replaced whole, or staged in chunks for a big import). Publishing a draft is the snapshots' part.
import type { DraftEntry, Prize, WheelSettings, WheelSummary } from '../../core/index.ts';
import type { AuditInput } from './store-types.ts';

export type { WheelSummary };

export interface Wheel {
  slug: string;
  title: string;
  settings: WheelSettings;
  createdAt: string;
}

export interface Draft {
  wheel: string;
  entries: DraftEntry[];
  settings: WheelSettings;
  /** The event's prizes in running order (empty: a wheel without prizes). */
  prizes: Prize[];
  updatedAt: string;
  basedOnVersion: number | null;
}

/** A draft replacement being written in chunks; see WheelStore.stageDraftEntries. */
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

export interface WheelStore {
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
  /** The draft's prizes (validated by the caller), or null when there is no such wheel. */
  getDraftPrizes(slug: string): Promise<Prize[] | null>;
  /** Replaces the draft's prizes, audited. Throws AppError wheel_not_found. */
  replaceDraftPrizes(slug: string, prizes: Prize[], audit: AuditInput): Promise<Prize[]>;
  /**
   * Keeps an uploaded prize image (already sniffed and measured); storing the same image again
   * changes nothing and is not audited again. Throws AppError wheel_not_found.
   */
  savePrizeImage(slug: string, image: PrizeImage, audit: AuditInput): Promise<PrizeImageInfo>;
  getPrizeImage(slug: string, sha256: string): Promise<PrizeImage | null>;
  /** The sha256 of every image uploaded for the wheel. */
  listPrizeImageHashes(slug: string): Promise<Set<string>>;
}

/** A prize image as stored: sha256 (hex) of its bytes, its sniffed content type and its bytes. */
export interface PrizeImage {
  sha256: string;
  contentType: string;
  bytes: Uint8Array;
}

export interface PrizeImageInfo {
  sha256: string;
  contentType: string;
  bytes: number;
  createdAt: string;
}
