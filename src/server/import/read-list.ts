// Reads a participant list in the calling thread: sniff the format, read it, validate it.
// index.ts runs this in a worker thread; tests and the worker call it directly.
import * as XLSX from '@e965/xlsx';
import { unzipSync, zipSync } from 'fflate';
import type { WorkBook } from '@e965/xlsx';
import { HEADER_SCAN_ROWS, createListValidator } from '../../core/index.ts';
import type {
  FileFormat,
  ListValidationResult,
  ListValidatorOptions,
  ReportWarning,
  SheetScan,
  SheetValidator,
  ValidationReport,
} from '../../core/index.ts';
import { createEntryChunker } from './entry-chunks.ts';
import { checkSize, fileErrorReport } from './file-checks.ts';
import type { EntryChunk } from './entry-chunks.ts';
import { LIMIT_MESSAGES } from './limits.ts';
import type { ImportLimits } from './limits.ts';
import { ListFileError } from './list-file-error.ts';
import { decodeText, pushCsvRows } from './read-csv.ts';
import {
  parseWorkbook,
  readWorkbookSheets,
  sheetRowsToRead,
  parseXlsContainer,
  workbookHasNoCells,
} from './read-workbook.ts';
import { findHiddenOdsSheets } from './ods-hidden-sheets.ts';
import { inspectZip, sniffFormat } from './sniff.ts';

export interface ReadJob {
  fileName: string;
  limits: ImportLimits;
  /** Put the accepted rows in the report's `accepted` (ignored when they are streamed as chunks). */
  includeAccepted: boolean;
  /** Hand the accepted rows to the chunk sink as they are validated, instead of keeping them. */
  streamEntries?: boolean;
}

/** How a read validates the rows of the sheet it finds: participant lists and prize sheets alike. */
export interface SheetReading<R extends SheetScan> {
  createValidator(): SheetValidator<R>;
  /** Called once the rows are read (a streaming read hands over its last chunk). */
  done(): void;
  /** The required columns as the no-header message names them: `ticket and name`. */
  requiredColumns: string;
}

/** A read's outcome: the file error's report, or the validated sheet. */
export type SheetReadOutcome<R extends SheetScan> =
  | { fileError: ValidationReport }
  | { format: FileFormat; sheet: string | null; result: R; warnings: ReportWarning[] };

/** Receives the accepted entries of a streaming read, in order (see entry-chunks.ts). */
export type EntryChunkSink = (chunk: EntryChunk) => void;

/** The validator's options for a job: keep the accepted rows, or stream them to the sink. */
function validatorOptionsFor(
  job: ReadJob,
  sink: EntryChunkSink | undefined,
): ListValidatorOptions & {
  flush(): void;
} {
  if (!job.streamEntries || !sink) return { includeAccepted: job.includeAccepted, flush: () => {} };
  const chunker = createEntryChunker(sink);
  return { onAccepted: (row) => chunker.push(row), flush: () => chunker.flush() };
}

const BIFF_FILEPASS = 0x002f;
const BIFF_EOF = 0x000a;
/** Enough records to pass the workbook globals' preamble, where FILEPASS sits. */
const BIFF_SCAN_RECORDS = 2_000;

/** True when the BIFF workbook stream holds a FILEPASS record (an xls saved with a password). */
function hasFilePass(stream: Uint8Array): boolean {
  let offset = 0;
  for (let record = 0; record < BIFF_SCAN_RECORDS && offset + 4 <= stream.length; record++) {
    const type = (stream[offset] ?? 0) | ((stream[offset + 1] ?? 0) << 8);
    const size = (stream[offset + 2] ?? 0) | ((stream[offset + 3] ?? 0) << 8);
    if (type === BIFF_FILEPASS) return true;
    if (type === BIFF_EOF) return false;
    offset += 4 + size;
  }
  return false;
}

interface CfbEntry {
  name: string;
  content?: Uint8Array | number[];
}

type CfbVerdict =
  { kind: 'xls'; container: unknown } | { kind: 'encrypted' } | { kind: 'other'; description: string };

/**
 * Tells apart an xls, an encrypted OOXML workbook (stored as OLE2) and other OLE2 documents. An xls
 * comes with its container, which SheetJS then reads the list from (the file is parsed once).
 */
function inspectCfb(bytes: Uint8Array): CfbVerdict {
  let container: { FileIndex: CfbEntry[] };
  try {
    container = XLSX.CFB.read(bytes, { type: 'buffer' }) as { FileIndex: CfbEntry[] };
  } catch (error) {
    throw new ListFileError('corrupt_file', `The file is a damaged OLE2 document: ${messageOf(error)}`);
  }
  const names = new Map(container.FileIndex.map((entry) => [entry.name, entry]));
  if (names.has('EncryptionInfo') || names.has('EncryptedPackage')) return { kind: 'encrypted' };
  const stream = names.get('Workbook') ?? names.get('Book');
  if (stream) {
    const content =
      stream.content instanceof Uint8Array ? stream.content : Uint8Array.from(stream.content ?? []);
    return hasFilePass(content) ? { kind: 'encrypted' } : { kind: 'xls', container };
  }
  if (names.has('WordDocument')) return { kind: 'other', description: 'a Word document' };
  if (names.has('PowerPoint Document')) return { kind: 'other', description: 'a PowerPoint presentation' };
  return { kind: 'other', description: 'an OLE2 document that is not a workbook' };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function validationReport(
  fileName: string,
  format: FileFormat,
  sheet: string | null,
  result: ListValidationResult,
  warnings: ReportWarning[],
): ValidationReport {
  const report: ValidationReport = {
    ok: result.errors.length === 0,
    file: { name: fileName, format, sheet, headerRow: result.headerRow },
    rows: result.rows,
    entries: result.entries,
    errors: result.errors,
    warnings,
    fileError: null,
  };
  if (result.rows === 0) {
    warnings.push({ code: 'no_rows', message: 'The header was found but no participant rows follow it.' });
  }
  if (result.persons !== undefined) report.persons = result.persons;
  if (result.groups !== undefined) report.groups = result.groups;
  if (result.accepted) report.accepted = result.accepted;
  return report;
}

function markHiddenSheets(workbook: WorkBook, hidden: ReadonlySet<string>): void {
  if (hidden.size === 0) return;
  workbook.Workbook ??= {};
  workbook.Workbook.Sheets ??= [];
  const sheets = workbook.Workbook.Sheets;
  workbook.SheetNames.forEach((name, index) => {
    const sheet = (sheets[index] ??= { name });
    if (hidden.has(name)) sheet.Hidden = 1;
  });
}

/** Entries with no cell data (pictures, thumbnails): left out of the repacked workbook. */
const ENTRIES_WITHOUT_CELLS = /^(xl\/media\/|Pictures\/|Thumbnails\/|docProps\/thumbnail)/;

/**
 * Inflates a zip-based workbook with fflate and repacks it uncompressed for SheetJS.
 * NOTE: SheetJS's own inflate never returns on some damaged deflate streams (found by the fuzz test);
 * fflate stops with an error, which becomes corrupt_file.
 */
function repackZip(bytes: Uint8Array): Record<string, Uint8Array> {
  try {
    return unzipSync(bytes, { filter: (file) => !ENTRIES_WITHOUT_CELLS.test(file.name) });
  } catch (error) {
    throw new ListFileError(
      'corrupt_file',
      `The workbook is damaged (its zip data cannot be read): ${messageOf(error)}`,
    );
  }
}

/** A workbook: a zip's bytes (xlsx, ods), or an xls's OLE2 container (see inspectCfb). */
type WorkbookSource = { format: 'xlsx' | 'ods'; bytes: Uint8Array } | { format: 'xls'; container: unknown };

function readWorkbook<R extends SheetScan>(
  source: WorkbookSource,
  job: ReadJob,
  reading: SheetReading<R>,
): SheetReadOutcome<R> {
  const { format } = source;
  const sheetRows = sheetRowsToRead(job.limits.maxRows);
  let workbook: WorkBook;
  let hiddenSheets = new Set<string>();
  if (source.format === 'xls') {
    workbook = parseXlsContainer(source.container, sheetRows);
  } else {
    const entries = repackZip(source.bytes);
    if (source.format === 'ods') hiddenSheets = findHiddenOdsSheets(entries['content.xml']);
    workbook = parseWorkbook(zipSync(entries, { level: 0 }), sheetRows);
  }
  markHiddenSheets(workbook, hiddenSheets);
  if (workbookHasNoCells(workbook)) {
    return fileErrorOutcome(job.fileName, 'empty', 'The workbook has no cells with content.', format);
  }
  const found = readWorkbookSheets(
    workbook,
    job.limits,
    () => reading.createValidator(),
    format === 'ods',
    reading.requiredColumns,
  );
  reading.done();
  if ('noHeader' in found) return fileErrorOutcome(job.fileName, 'no_header', found.noHeader, format);
  const warnings: ReportWarning[] = [];
  if (found.cut) {
    warnings.push({
      code: 'rows_not_read',
      message: `Sheet "${found.sheet}" was read up to row ${sheetRowsToRead(job.limits.maxRows)}; rows below it were not read.`,
    });
  }
  return { format, sheet: found.sheet, result: found.result, warnings };
}

function readCsv<R extends SheetScan>(
  bytes: Uint8Array,
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be',
  job: ReadJob,
  reading: SheetReading<R>,
): SheetReadOutcome<R> {
  const { text, warning } = decodeText(bytes, encoding);
  if (text.trim() === '') return fileErrorOutcome(job.fileName, 'empty', 'The file holds no text.', 'csv');
  const result = pushCsvRows(text, job.limits, reading.createValidator());
  reading.done();
  if (!result.headerFound) {
    return fileErrorOutcome(
      job.fileName,
      'no_header',
      noHeaderMessage(reading.requiredColumns, result.missingColumns),
      'csv',
    );
  }
  return { format: 'csv', sheet: null, result, warnings: warning ? [warning] : [] };
}

function noHeaderMessage(requiredColumns: string, missing: readonly string[]): string {
  return `No header row with the columns ${requiredColumns} in the first ${HEADER_SCAN_ROWS} rows (missing: ${missing.join(', ')}).`;
}

function fileErrorOutcome(...args: Parameters<typeof fileErrorReport>): { fileError: ValidationReport } {
  return { fileError: fileErrorReport(...args) };
}

function readBySniffedFormat<R extends SheetScan>(
  bytes: Uint8Array,
  job: ReadJob,
  reading: SheetReading<R>,
): SheetReadOutcome<R> {
  const sniffed = sniffFormat(bytes);
  switch (sniffed.kind) {
    case 'binary':
      return fileErrorOutcome(
        job.fileName,
        'unsupported_format',
        `The file is ${sniffed.description}, not a spreadsheet (.xlsx, .xls, .ods) or a CSV file.`,
      );
    case 'text':
      return readCsv(bytes, sniffed.encoding, job, reading);
    case 'cfb': {
      const verdict = inspectCfb(bytes);
      if (verdict.kind === 'encrypted') {
        return fileErrorOutcome(
          job.fileName,
          'encrypted',
          'The workbook is password-protected; save it without a password.',
        );
      }
      if (verdict.kind === 'other') {
        return fileErrorOutcome(
          job.fileName,
          'unsupported_format',
          `The file is ${verdict.description}, not a spreadsheet or a CSV file.`,
        );
      }
      return readWorkbook({ format: 'xls', container: verdict.container }, job, reading);
    }
    case 'zip': {
      let content: ReturnType<typeof inspectZip>;
      try {
        content = inspectZip(bytes);
      } catch (error) {
        return fileErrorOutcome(
          job.fileName,
          'corrupt_file',
          `The file is a damaged zip archive (truncated or incomplete?): ${messageOf(error)}`,
        );
      }
      if (content.kind === 'encrypted-ods') {
        return fileErrorOutcome(
          job.fileName,
          'encrypted',
          'The spreadsheet is password-protected; save it without a password.',
          'ods',
        );
      }
      if (content.declaredBytes > job.limits.maxUncompressedBytes) {
        return fileErrorOutcome(
          job.fileName,
          'too_large',
          LIMIT_MESSAGES.uncompressed(job.limits, content.declaredBytes),
        );
      }
      if (content.kind === 'other') {
        return fileErrorOutcome(
          job.fileName,
          'unsupported_format',
          `The file is ${content.description}, not a spreadsheet (.xlsx, .xls, .ods) or a CSV file.`,
        );
      }
      return readWorkbook({ format: content.kind, bytes }, job, reading);
    }
  }
}

/**
 * Reads any sheet (participant list, prize sheet) in this thread: sniffs the format and pushes the
 * rows of the first sheet with a header into `reading`'s validator. Never throws: a file that cannot
 * be read is a file error report.
 */
export function readSheetInThisThread<R extends SheetScan>(
  bytes: Uint8Array,
  job: ReadJob,
  reading: SheetReading<R>,
): SheetReadOutcome<R> {
  const sizeProblem = checkSize(bytes, job);
  if (sizeProblem) return { fileError: sizeProblem };
  try {
    return readBySniffedFormat(bytes, job, reading);
  } catch (error) {
    if (error instanceof ListFileError) return fileErrorOutcome(job.fileName, error.code, error.message);
    return fileErrorOutcome(job.fileName, 'corrupt_file', `The file could not be read: ${messageOf(error)}`);
  }
}

/**
 * Reads and validates a participant list in this thread. Never throws. With `job.streamEntries`, the
 * accepted entries go to `sink` in chunks as they are read; a report that is not ok may follow
 * chunks already handed over (the receiver decides what to keep once it has the report).
 */
export function readListInThisThread(
  bytes: Uint8Array,
  job: ReadJob,
  sink?: EntryChunkSink,
): ValidationReport {
  const validatorOptions = validatorOptionsFor(job, sink);
  const outcome = readSheetInThisThread(bytes, job, {
    createValidator: () => createListValidator(validatorOptions),
    done: () => validatorOptions.flush(),
    requiredColumns: 'ticket and name',
  });
  if ('fileError' in outcome) return outcome.fileError;
  return validationReport(job.fileName, outcome.format, outcome.sheet, outcome.result, outcome.warnings);
}
