// The wheels-and-drafts part of the Store: the wheels, and each wheel's one editable draft
// (replaced whole, or staged in chunks for a big import). Publishing a draft is the snapshots' part.
import type { DraftEntry, WheelSettings, WheelSummary } from '../../core/index.ts';
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
}
