/** The validation report of a participant list (contract: "Validation report"). */

export type RowErrorCode =
  'missing_ticket' | 'missing_name' | 'duplicate_ticket' | 'invalid_weight' | 'value_too_long';

export type FileErrorCode =
  'unsupported_format' | 'corrupt_file' | 'encrypted' | 'empty' | 'no_header' | 'too_large';

export type FileFormat = 'xlsx' | 'xls' | 'ods' | 'csv';

export interface RowError {
  /** The row number the user sees (1-based, header included) or the CSV line number. */
  row: number;
  column: 'ticket' | 'name' | 'weight';
  code: RowErrorCode;
  message: string;
  /** For duplicate_ticket: the row of the accepted first occurrence. */
  firstRow?: number;
}

export interface FileError {
  code: FileErrorCode;
  message: string;
}

export interface ReportWarning {
  code: string;
  message: string;
  row?: number;
}

export interface AcceptedRow {
  row: number;
  ticket: string;
  name: string;
  weight: number;
  /** The sheet's other columns, by header text. */
  extra?: Record<string, string>;
}

export interface ValidationReport {
  ok: boolean;
  file: { name: string; format: FileFormat | null; sheet: string | null; headerRow: number | null };
  rows: number;
  entries: number;
  errors: RowError[];
  warnings: ReportWarning[];
  fileError: FileError | null;
  /** Only with --entries / when asked for. */
  accepted?: AcceptedRow[];
}
