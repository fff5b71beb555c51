// Downloads for spreadsheet programs: the results and participant lists as CSV (RFC 4180, UTF-8
// BOM) or XLSX (SheetJS). Formula-like text never becomes a formula: it gets a leading apostrophe
// (core's neutralizeFormula), and XLSX cells are typed strings with no formula at all.
import * as XLSX from '@e965/xlsx';
import {
  joinCsvLines,
  neutralizeFormula,
  quoteCsvCell,
  toEntryTable,
  type DraftEntry,
} from '../../core/index.ts';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type ExportCell = string | number | boolean | null;

/** The widest a column of a downloaded sheet starts (longer text still fits in the cell). */
const XLSX_COLUMN_MAX_CHARACTERS = 60;

/**
 * RFC 4180 CSV with a UTF-8 BOM (so spreadsheet programs read names correctly); formula-like cells
 * are defused. `rows[i][c]` is the cell under `columns[c]`.
 */
export function toCsvTable(columns: readonly string[], rows: ReadonlyArray<readonly ExportCell[]>): string {
  const cell = (value: ExportCell | undefined): string =>
    // NOTE: a name like "=HYPERLINK(…)" must not run as a formula when the export is opened.
    quoteCsvCell(
      value === null || value === undefined
        ? ''
        : typeof value === 'string'
          ? neutralizeFormula(value)
          : String(value),
    );
  return joinCsvLines([
    columns.map(cell).join(','),
    ...rows.map((row) => columns.map((_, c) => cell(row[c])).join(',')),
  ]);
}

/**
 * One sheet, a header row, then the rows (`rows[i][c]` under `columns[c]`). Every text cell is
 * written as a string cell (`t: 's'`), formula-like text prefixed with an apostrophe, and no cell
 * carries a formula.
 */
export function toXlsxTable(
  sheetName: string,
  columns: readonly string[],
  rows: ReadonlyArray<readonly ExportCell[]>,
): Buffer {
  const sheet: XLSX.WorkSheet = {};
  const put = (r: number, c: number, value: ExportCell | undefined) => {
    if (value === null || value === undefined) return;
    const address = XLSX.utils.encode_cell({ r, c });
    sheet[address] =
      typeof value === 'number'
        ? { t: 'n', v: value }
        : typeof value === 'boolean'
          ? { t: 'b', v: value }
          : { t: 's', v: neutralizeFormula(value) };
  };
  columns.forEach((column, c) => put(0, c, column));
  rows.forEach((row, r) => columns.forEach((_, c) => put(r + 1, c, row[c])));
  const range = XLSX.utils.encode_range({
    s: { r: 0, c: 0 },
    e: { r: rows.length, c: Math.max(columns.length - 1, 0) },
  });
  sheet['!ref'] = range;
  // Readable when opened: each column as wide as its longest cell (capped), a filter on the header.
  sheet['!cols'] = columns.map((column, c) => ({
    wch: Math.min(
      XLSX_COLUMN_MAX_CHARACTERS,
      rows.reduce((widest, row) => Math.max(widest, String(row[c] ?? '').length), column.length) + 2,
    ),
  }));
  if (rows.length > 0) sheet['!autofilter'] = { ref: range };
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, sheet, sheetName.slice(0, 31));
  return XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}

/**
 * A participant list in one sheet. Ticket, name and extra cells are typed strings (`t: 's'`), so
 * `00042` stays `00042` and nothing is ever a formula; the weight is a number.
 */
export function toEntriesXlsx(entries: readonly DraftEntry[], sheetName: string): Buffer {
  const table = toEntryTable(entries);
  const header = table.header.map(neutralizeFormula);
  const rows = table.rows.map((cells) => cells.map(neutralizeFormula));
  const sheet: XLSX.WorkSheet = {};
  const weightColumn = 2;
  header.forEach((text, c) => (sheet[XLSX.utils.encode_cell({ r: 0, c })] = { t: 's', v: text }));
  rows.forEach((cells, index) => {
    const r = index + 1;
    cells.forEach((text, c) => {
      const weight = entries[index]?.weight;
      sheet[XLSX.utils.encode_cell({ r, c })] =
        c === weightColumn && typeof weight === 'number' ? { t: 'n', v: weight } : { t: 's', v: text };
    });
  });
  sheet['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: rows.length, c: header.length - 1 } });
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, sheet, sheetName.slice(0, 31));
  return XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}
