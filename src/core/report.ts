/** The validation report of a participant list (contract: "Validation report"). */

export type RowErrorCode =
  'missing_ticket' | 'missing_name' | 'duplicate_ticket' | 'invalid_weight' | 'value_too_long';

export type FileErrorCode =
  'unsupported_format' | 'corrupt_file' | 'encrypted' | 'empty' | 'no_header' | 'too_large';

export type FileFormat = 'xlsx' | 'xls' | 'ods' | 'csv';

/** A participant list's columns: the required ticket and name, the optional weight, person, group. */
export type ParticipantColumn = 'ticket' | 'name' | 'weight' | 'person' | 'group' | 'label';

export interface RowError {
  /** The row number the user sees (1-based, header included) or the CSV line number. */
  row: number;
  column: ParticipantColumn;
  code: RowErrorCode;
  message: string;
  /** For duplicate_ticket: the row of the accepted first occurrence. */
  firstRow?: number;
  /**
   * What the row holds, to show next to the error; on the first ERRORS_WITH_VALUES_MAX errors of a
   * report only, each text cut short at ROW_VALUE_MAX_CHARACTERS, so a bad 100,000-row file's
   * report stays small.
   */
  values?: RowValues;
}

/** A failing row's cells as written (trimmed), each cut short at ROW_VALUE_MAX_CHARACTERS. */
export interface RowValues {
  ticket: string;
  name: string;
  /** The weight cell; null when the list has no weight column (every weight is then 1). */
  weight: string | null;
  /** The cell of the error's column (the ticket, name or weight again, or a person, group or label). */
  value: string;
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
  /** The row's person (as typed, trimmed), when the list has a person column and the row a value. */
  person?: string;
  /** The row's group (trimmed), when the list has a group column and the row a value. */
  group?: string;
  /** The row's public label (trimmed), when the list has a label column and the row a value. */
  label?: string;
  /** The sheet's other columns, by header text. */
  extra?: Record<string, string>;
}

export interface GroupCount {
  /** The group as first written in the list (groups are compared by normalizeGroupKey). */
  name: string;
  entries: number;
}

export interface ValidationReport {
  ok: boolean;
  file: { name: string; format: FileFormat | null; sheet: string | null; headerRow: number | null };
  rows: number;
  entries: number;
  errors: RowError[];
  warnings: ReportWarning[];
  fileError: FileError | null;
  /** Distinct persons among the accepted rows (a row without a person is its own); only when the list has a person column. */
  persons?: number;
  /** The accepted rows per group, in order of first appearance; only when the list has a group column. */
  groups?: GroupCount[];
  /** Only with --entries / when asked for. */
  accepted?: AcceptedRow[];
}
