// Groups a validation report's row errors by kind, for the report table.
import type { RowError, RowErrorCode } from '../../core/index.ts';

export interface ErrorGroup {
  code: RowErrorCode;
  /** All errors of this kind, in row order. */
  errors: RowError[];
}

export const ERROR_KIND_LABELS: Record<RowErrorCode, string> = {
  missing_ticket: 'Missing ticket',
  missing_name: 'Missing name',
  duplicate_ticket: 'Duplicate ticket',
  invalid_weight: 'Invalid weight',
  value_too_long: 'Value too long',
};

/** Groups by code (most frequent kind first), keeping only errors that match `filterText`. */
export function groupErrors(errors: readonly RowError[], filterText = ''): ErrorGroup[] {
  const needle = filterText.trim().toLowerCase();
  const byCode = new Map<RowErrorCode, RowError[]>();
  for (const error of errors) {
    if (needle !== '' && !matchesFilter(error, needle)) continue;
    const group = byCode.get(error.code);
    if (group) group.push(error);
    else byCode.set(error.code, [error]);
  }
  return [...byCode.entries()]
    .map(([code, groupErrors]) => ({ code, errors: groupErrors.sort((a, b) => a.row - b.row) }))
    .sort((a, b) => b.errors.length - a.errors.length || a.code.localeCompare(b.code));
}

/** A number matches that row exactly; text matches the message, the row's ticket or name, column or code. */
function matchesFilter(error: RowError, needle: string): boolean {
  if (/^\d+$/.test(needle)) return String(error.row) === needle || String(error.firstRow) === needle;
  return (
    error.message.toLowerCase().includes(needle) ||
    error.values?.ticket.toLowerCase().includes(needle) === true ||
    error.values?.name.toLowerCase().includes(needle) === true ||
    error.column.includes(needle) ||
    error.code.includes(needle.replaceAll(' ', '_'))
  );
}
