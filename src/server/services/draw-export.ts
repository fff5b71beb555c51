// The draw log as a download: CSV (RFC 4180, UTF-8 BOM) or XLSX (SheetJS). Formula-like text
// never becomes a formula: it gets a leading apostrophe in both (as the participant list exports
// do), and XLSX cells are typed strings with no formula at all.
import * as XLSX from '@e965/xlsx';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FORMULA_LIKE = /^[=+\-@\t\r]/;

export type ExportCell = string | number | boolean | null;

/** RFC 4180 CSV with a UTF-8 BOM (so spreadsheet programs read names correctly); formula-like cells are defused. */
export function toCsv<K extends string>(
  columns: readonly K[],
  rows: ReadonlyArray<Record<K, ExportCell>>,
): string {
  const cell = (value: ExportCell): string => {
    let text = value === null ? '' : String(value);
    // NOTE: a name like "=HYPERLINK(…)" must not run as a formula when the export is opened.
    if (typeof value === 'string' && FORMULA_LIKE.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [
    columns.join(','),
    ...rows.map((row) => columns.map((column) => cell(row[column])).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * One sheet, a header row, then the rows. Every text cell is written as a string cell (`t: 's'`),
 * formula-like text prefixed with an apostrophe, and no cell carries a formula.
 */
export function toXlsx<K extends string>(
  sheetName: string,
  columns: readonly K[],
  rows: ReadonlyArray<Record<K, ExportCell>>,
): Buffer {
  const sheet: XLSX.WorkSheet = {};
  const put = (r: number, c: number, value: ExportCell) => {
    if (value === null) return;
    const address = XLSX.utils.encode_cell({ r, c });
    sheet[address] =
      typeof value === 'number'
        ? { t: 'n', v: value }
        : typeof value === 'boolean'
          ? { t: 'b', v: value }
          : { t: 's', v: FORMULA_LIKE.test(value) ? `'${value}` : value };
  };
  columns.forEach((column, c) => put(0, c, column));
  rows.forEach((row, r) => columns.forEach((column, c) => put(r + 1, c, row[column])));
  sheet['!ref'] = XLSX.utils.encode_range({
    s: { r: 0, c: 0 },
    e: { r: rows.length, c: Math.max(columns.length - 1, 0) },
  });
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, sheet, sheetName.slice(0, 31));
  return XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}
