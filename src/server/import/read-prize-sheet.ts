// Reads a prize sheet (xlsx, xls, ods, csv) with the participant list's readers: the same format
// sniffing, limits and sheet choice, the prize sheet's own columns and row rules (core/prizes.ts).
// NOTE: read on the calling thread, not the import worker: a prize sheet has at most PRIZES_MAX
// rows, so the row limit stops the read long before it could hold up the server.
import {
  PRIZES_MAX,
  PRIZE_SHEET_REQUIRED_COLUMNS,
  createPrizeSheetValidator,
  type PrizeSheetReport,
} from '../../core/index.ts';
import { resolveLimits, type ImportLimits } from './limits.ts';
import { readSheetInThisThread } from './read-list.ts';

/** Reads and validates a prize sheet. Never throws for bad input: problems are in the report. */
export function readPrizeSheet(
  bytes: Uint8Array,
  fileName: string,
  limits: Partial<ImportLimits> = {},
): PrizeSheetReport {
  const resolved = resolveLimits(limits);
  const job = {
    fileName,
    limits: { ...resolved, maxRows: Math.min(resolved.maxRows, PRIZES_MAX) },
    includeAccepted: false,
  };
  const outcome = readSheetInThisThread(bytes, job, {
    createValidator: createPrizeSheetValidator,
    done: () => {},
    requiredColumns: PRIZE_SHEET_REQUIRED_COLUMNS,
  });
  if ('fileError' in outcome) {
    const { file, warnings, fileError } = outcome.fileError;
    return { ok: false, file, rows: 0, entries: 0, errors: [], warnings, fileError, prizes: [] };
  }
  const { result } = outcome;
  return {
    ok: result.errors.length === 0,
    file: { name: fileName, format: outcome.format, sheet: outcome.sheet, headerRow: result.headerRow },
    rows: result.rows,
    entries: result.prizes.length,
    errors: result.errors,
    warnings: outcome.warnings,
    fileError: null,
    prizes: result.prizes,
  };
}
