// Checks and reports that need no parsing, kept apart from the readers so that the main thread
// answers an empty or oversized file without loading SheetJS.
import type { FileErrorCode, FileFormat, ValidationReport } from '../../core/index.ts';
import { LIMIT_MESSAGES } from './limits.ts';
import type { ReadJob } from './read-list.ts';

export function fileErrorReport(
  fileName: string,
  code: FileErrorCode,
  message: string,
  format: FileFormat | null = null,
): ValidationReport {
  return {
    ok: false,
    file: { name: fileName, format, sheet: null, headerRow: null },
    rows: 0,
    entries: 0,
    errors: [],
    warnings: [],
    fileError: { code, message },
  };
}

/** Checks that need no parsing: empty and oversized files are answered before any work. */
export function checkSize(bytes: Uint8Array, job: ReadJob): ValidationReport | null {
  if (bytes.length === 0) return fileErrorReport(job.fileName, 'empty', 'The file is empty (0 bytes).');
  if (bytes.length > job.limits.maxBytes) {
    return fileErrorReport(job.fileName, 'too_large', LIMIT_MESSAGES.bytes(job.limits, bytes.length));
  }
  return null;
}
