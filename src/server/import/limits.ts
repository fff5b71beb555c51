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

/** The row limit can be raised this far (the 1,000,000-row CSV case), never further. */
export const MAX_ROWS_CEILING = 1_000_000;

export function resolveLimits(limits: Partial<ImportLimits> | undefined): ImportLimits {
  const resolved = { ...DEFAULT_IMPORT_LIMITS, ...limits };
  resolved.maxRows = Math.min(resolved.maxRows, MAX_ROWS_CEILING);
  return resolved;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  return `${bytes.toLocaleString('en-US')} bytes`;
}

/** The `too_large` messages: which limit, and its value. */
export const LIMIT_MESSAGES = {
  bytes: (limits: ImportLimits, actual: number) =>
    `The file is ${formatBytes(actual)}; the limit is ${formatBytes(limits.maxBytes)} (file size).`,
  uncompressed: (limits: ImportLimits, declared: number) =>
    `The workbook unpacks to ${formatBytes(declared)}; the limit is ${formatBytes(limits.maxUncompressedBytes)} (uncompressed size).`,
  rows: (limits: ImportLimits) =>
    `The list has more than ${limits.maxRows.toLocaleString('en-US')} data rows (row limit ${limits.maxRows.toLocaleString('en-US')}).`,
  columns: (limits: ImportLimits, actual: number) =>
    `A row has ${actual.toLocaleString('en-US')} columns; the limit is ${limits.maxColumns.toLocaleString('en-US')} columns.`,
};
