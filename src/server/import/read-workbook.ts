// Workbooks (xlsx, xls, ods) through SheetJS: each visible sheet as rows of displayed text.
import * as XLSX from '@e965/xlsx';
import type { CellObject, WorkBook, WorkSheet } from '@e965/xlsx';
import { HEADER_SCAN_ROWS, createListValidator } from '../../core/index.ts';
import type {
  ListValidationResult,
  ListValidatorOptions,
  SheetScan,
  SheetValidator,
  SourceRow,
} from '../../core/index.ts';
import { LIMIT_MESSAGES } from './limits.ts';
import type { ImportLimits } from './limits.ts';
import { ListFileError } from './list-file-error.ts';

/**
 * How many sheet rows SheetJS is asked to read for a row limit: the limit, the header window and room
 * for blank rows. It bounds the worker's memory for a sheet far over the limit (a too_large answer
 * rather than running out of heap); a sheet cut there is reported in a warning.
 */
export function sheetRowsToRead(maxRows: number): number {
  return maxRows * 2 + HEADER_SCAN_ROWS + 1_000;
}

const READ_OPTIONS = {
  type: 'array',
  dense: true,
  cellNF: true,
  cellText: true,
  cellFormula: false,
  cellHTML: false,
  cellStyles: false,
  sheetStubs: false,
  bookVBA: false,
  WTF: false,
} as const satisfies XLSX.ParsingOptions;

/** The OLE property sets of an .xls: title, author and the like, nothing a list needs. */
const XLS_PROPERTY_SETS = ['/!SummaryInformation', '/!DocumentSummaryInformation'];

/**
 * What XLSX.read calls for an OLE2 .xls once it has read the container. NOTE: exported by SheetJS
 * (`XLSX.parse_xlscfb`) but not in its types.
 */
const parseXlsCfb = (
  XLSX as unknown as { parse_xlscfb(cfb: unknown, options: XLSX.ParsingOptions): WorkBook }
).parse_xlscfb;

/** A zip workbook (xlsx, ods). */
export function parseWorkbook(bytes: Uint8Array, sheetRows: number): WorkBook {
  return parsed(() => XLSX.read(bytes, { ...READ_OPTIONS, sheetRows }));
}

/**
 * An .xls from its OLE2 container (as XLSX.CFB.read gave it), without its property sets. NOTE:
 * SheetJS reads a property set's dictionary in a loop bounded only by a count taken from the file,
 * and does not stop at the stream's end: a damaged count kept a read busy for minutes (found by the
 * fuzz test).
 */
export function parseXlsContainer(container: unknown, sheetRows: number): WorkBook {
  return parsed(() => {
    for (const path of XLS_PROPERTY_SETS) while (XLSX.CFB.utils.cfb_del(container, path));
    return parseXlsCfb(container, { ...READ_OPTIONS, sheetRows });
  });
}

function parsed(parse: () => WorkBook): WorkBook {
  try {
    return parse();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/password|encrypt/i.test(message))
      throw new ListFileError('encrypted', 'The workbook is password-protected.');
    throw new ListFileError('corrupt_file', `The workbook could not be read: ${message}`);
  }
}

const GENERAL_FORMATS = new Set(['General', 'general', '@', '0']);
/** A locale tag without a currency symbol (`[$-409]00000`): SheetJS prints it as a `$`. */
const LOCALE_TAG = /\[\$-([0-9A-Fa-f]+)\]/g;

interface LocaleSeparators {
  group: string;
  decimal: string;
  /** What a date format's `/` shows, where it is not `/`. */
  date?: string;
}

/**
 * Separators by Windows locale id, as LibreOffice shows a number formatted `[$-407]#,##0.00` or a
 * date `[$-407]dd/mm/yyyy` (checked with its CSV export); SheetJS formats every locale as en-US.
 */
const LOCALE_SEPARATORS = new Map<number, LocaleSeparators>([
  ...[0x407, 0xc07, 0x41f].map((lcid) => [lcid, { group: '.', decimal: ',', date: '.' }] as const),
  ...[0x413, 0x813, 0x410, 0xc0a, 0x416, 0x406, 0x421].map(
    (lcid) => [lcid, { group: '.', decimal: ',' }] as const,
  ),
  ...[0x415, 0x419, 0x414, 0x40b, 0x405].map(
    (lcid) => [lcid, { group: '\u00a0', decimal: ',', date: '.' }] as const,
  ),
  ...[0x816, 0x40c, 0x41d].map((lcid) => [lcid, { group: '\u00a0', decimal: ',' }] as const),
  [0x807, { group: "'", decimal: '.', date: '.' }],
]);

/** A separator between two digits, as SheetJS writes it (en-US: `,` groups, `.` is the decimal point). */
const DIGIT_SEPARATOR = /(?<=\d)[.,](?=\d)/g;
/** A format's quoted text, escaped character, or `/` (the locale's date separator). */
const DATE_FORMAT_PART = /"[^"]*"|\\.|\//g;

function formatWithoutLocaleTag(format: string, value: number | string): string | null {
  let locale: number | undefined;
  let withoutTag = format.replace(LOCALE_TAG, (_, lcid: string) => {
    locale ??= parseInt(lcid, 16) & 0xffff;
    return '';
  });
  const separators = locale === undefined ? undefined : LOCALE_SEPARATORS.get(locale);
  const isDate = typeof value === 'number' && XLSX.SSF.is_date(withoutTag);
  const dateSeparator = separators?.date;
  if (isDate && dateSeparator !== undefined)
    withoutTag = withoutTag.replace(DATE_FORMAT_PART, (part) => (part === '/' ? `"${dateSeparator}"` : part));
  let text: string;
  try {
    text = XLSX.SSF.format(withoutTag, value);
  } catch {
    return null;
  }
  // NOTE: a date's dots and dashes are the format's own text, never the locale's number separators.
  if (!separators || typeof value !== 'number' || isDate) return text;
  return text.replace(DIGIT_SEPARATOR, (separator) =>
    separator === ',' ? separators.group : separators.decimal,
  );
}

/**
 * The text a cell displays. `shownTextStored`: the file keeps each cell's shown text (ODS: the
 * `<text:p>` the producer wrote, which SheetJS gives as `w`), which then is the answer; SheetJS
 * misses some of what decides it there (a whole column's number format is a column default style).
 */
export function displayedText(cell: CellObject | undefined, shownTextStored = false): string {
  if (!cell || cell.t === 'z') return '';
  if (cell.t === 'n' && typeof cell.v === 'number') {
    if (shownTextStored && cell.w !== undefined) return cell.w;
    // NOTE: a General integer shows all its digits (Excel's 1.23457E+12 would mangle a barcode ticket),
    // and never a trailing `.0`.
    const format = typeof cell.z === 'string' ? cell.z : 'General';
    if (
      Number.isInteger(cell.v) &&
      Math.abs(cell.v) < Number.MAX_SAFE_INTEGER &&
      GENERAL_FORMATS.has(format)
    ) {
      return String(cell.v);
    }
    if (format.includes('[$-')) {
      const text = formatWithoutLocaleTag(format, cell.v);
      if (text !== null) return text;
    }
    if (cell.w !== undefined) return cell.w;
    return String(cell.v);
  }
  // Text in a text format with a locale tag (`[$-409]@`, as LibreOffice saves it): no `$` either.
  if (cell.t === 's' && typeof cell.v === 'string' && typeof cell.z === 'string' && cell.z.includes('[$-')) {
    const text = formatWithoutLocaleTag(cell.z, cell.v);
    if (text !== null) return text;
  }
  if (cell.w !== undefined) return cell.w;
  if (cell.v === undefined || cell.v === null) return '';
  if (cell.v instanceof Date) return cell.v.toISOString().slice(0, 10);
  return String(cell.v);
}

type DenseSheet = WorkSheet & { '!data'?: CellObject[][] };

function isSheetVisible(workbook: WorkBook, index: number): boolean {
  const hidden = workbook.Workbook?.Sheets?.[index]?.Hidden;
  return !hidden;
}

/** True when no sheet holds a single non-empty cell. */
export function workbookHasNoCells(workbook: WorkBook): boolean {
  for (const name of workbook.SheetNames) {
    const data = (workbook.Sheets[name] as DenseSheet | undefined)?.['!data'];
    if (!data) continue;
    for (const row of data) for (const cell of row ?? []) if (displayedText(cell).trim() !== '') return false;
  }
  return true;
}

/** The texts merged header cells show in every cell they cover (rows 1..HEADER_SCAN_ROWS only). */
function mergedHeaderTexts(sheet: DenseSheet, shownTextStored: boolean): Map<number, Map<number, string>> {
  const byRow = new Map<number, Map<number, string>>();
  for (const merge of sheet['!merges'] ?? []) {
    if (merge.s.r >= HEADER_SCAN_ROWS) continue;
    const text = displayedText(sheet['!data']?.[merge.s.r]?.[merge.s.c], shownTextStored);
    if (text === '') continue;
    // NOTE: only across: a cell merged downwards shows its text once, on its first row.
    const row = byRow.get(merge.s.r) ?? new Map<number, string>();
    for (let column = merge.s.c; column <= merge.e.c; column++) row.set(column, text);
    byRow.set(merge.s.r, row);
  }
  return byRow;
}

export interface SheetResult<R extends SheetScan = ListValidationResult> {
  sheet: string;
  result: R;
  /** The sheet has rows beyond those read (see sheetRowsToRead). */
  cut: boolean;
}

/** Validates one sheet. Throws ListFileError('too_large') when a limit is passed. */
export function validateSheet(
  sheet: WorkSheet,
  limits: ImportLimits,
  validatorOptions: ListValidatorOptions,
  shownTextStored = false,
): ListValidationResult {
  return pushSheetRows(sheet, limits, createListValidator(validatorOptions), shownTextStored);
}

/** Pushes a sheet's rows into any sheet validator (participants, prizes); see validateSheet. */
export function pushSheetRows<R extends SheetScan>(
  sheet: WorkSheet,
  limits: ImportLimits,
  validator: SheetValidator<R>,
  shownTextStored = false,
): R {
  const dense = sheet as DenseSheet;
  const data = dense['!data'] ?? [];
  const merged = mergedHeaderTexts(dense, shownTextStored);
  for (let rowIndex = 0; rowIndex < data.length; rowIndex++) {
    const cells = data[rowIndex];
    if (!cells || cells.length === 0) continue;
    if (cells.length > limits.maxColumns) {
      let width = cells.length;
      while (width > 0 && displayedText(cells[width - 1], shownTextStored).trim() === '') width--;
      if (width > limits.maxColumns)
        throw new ListFileError('too_large', LIMIT_MESSAGES.columns(limits, width));
    }
    const texts: string[] = new Array<string>(cells.length);
    const numbers: (number | undefined)[] = new Array<number | undefined>(cells.length);
    let hasNumbers = false;
    for (let column = 0; column < cells.length; column++) {
      const cell = cells[column];
      texts[column] = displayedText(cell, shownTextStored);
      if (cell?.t === 'n' && typeof cell.v === 'number') {
        numbers[column] = cell.v;
        hasNumbers = true;
      }
    }
    const mergedRow = merged.get(rowIndex);
    if (mergedRow) for (const [column, text] of mergedRow) if (!texts[column]) texts[column] = text;
    const row: SourceRow = hasNumbers
      ? { row: rowIndex + 1, cells: texts, numbers }
      : { row: rowIndex + 1, cells: texts };
    validator.push(row);
    if (validator.dataRows > limits.maxRows)
      throw new ListFileError('too_large', LIMIT_MESSAGES.rows(limits));
    if (validator.headerMissing) break;
  }
  return validator.finish();
}

/**
 * The first visible sheet with a header, or the reason there is none. `shownTextStored`: see
 * displayedText (true for ODS).
 */
export function readWorkbookSheets<R extends SheetScan>(
  workbook: WorkBook,
  limits: ImportLimits,
  createValidator: () => SheetValidator<R>,
  shownTextStored = false,
  requiredColumns = 'ticket and name',
): SheetResult<R> | { noHeader: string } {
  const visible = workbook.SheetNames.filter((_, index) => isSheetVisible(workbook, index));
  if (visible.length === 0) return { noHeader: 'The workbook has no visible sheet.' };
  let firstMissing: { sheet: string; missing: readonly string[] } | null = null;
  for (const name of visible) {
    const sheet = workbook.Sheets[name];
    if (!sheet) continue;
    const result = pushSheetRows(sheet, limits, createValidator(), shownTextStored);
    if (result.headerFound)
      return {
        sheet: name,
        result,
        cut: sheet['!fullref'] !== undefined && sheet['!fullref'] !== sheet['!ref'],
      };
    firstMissing ??= { sheet: name, missing: result.missingColumns };
  }
  const missing = firstMissing?.missing.join(' and ') ?? requiredColumns;
  return {
    noHeader:
      `No sheet has a header row with the columns ${requiredColumns} in its first ${HEADER_SCAN_ROWS} rows` +
      ` (sheet "${firstMissing?.sheet ?? visible[0]}" is missing ${missing}).`,
  };
}
