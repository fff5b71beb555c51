// STUB owned by the import work: reads a participant list into the contract's validation report.
import type { ValidationReport } from '../../core/index.ts';

export interface ImportLimits {
  /** Upload / file size in bytes. */
  maxBytes: number;
  /** Declared uncompressed size of a zip-based workbook, in bytes. */
  maxUncompressedBytes: number;
  maxRows: number;
  maxColumns: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxUncompressedBytes: 200 * 1024 * 1024,
  maxRows: 100_000,
  maxColumns: 1_000,
};

export interface ReadOptions {
  /** The user's file name, shown in the report (the format is decided by content). */
  fileName: string;
  limits?: Partial<ImportLimits>;
  /** Include `accepted` rows in the report (always needed to build a draft). */
  includeAccepted?: boolean;
}

/** Reads and validates a participant list. Never throws for bad input: problems are in the report. */
export async function readParticipantList(bytes: Uint8Array, options: ReadOptions): Promise<ValidationReport> {
  void bytes;
  throw new Error(`not implemented yet (${options.fileName})`);
}
