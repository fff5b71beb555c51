// CSV (and other delimited text) through papaparse, row by row, with the user's line numbers.
import Papa from 'papaparse';
import { createListValidator } from '../../core/index.ts';
import type {
  ListValidationResult,
  ListValidatorOptions,
  ReportWarning,
  SheetScan,
  SheetValidator,
} from '../../core/index.ts';
import { LIMIT_MESSAGES } from './limits.ts';
import type { ImportLimits } from './limits.ts';
import { ListFileError } from './list-file-error.ts';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

const DELIMITERS = [',', ';', '\t'] as const;
/** Rows looked at to choose the delimiter. */
const DELIMITER_PREVIEW_ROWS = 50;

/**
 * The delimiter that splits the most preview rows into the same number (> 1) of fields.
 * NOTE: papaparse's own guess gives up on short files with a blank last line, and on title rows.
 */
export function detectDelimiter(text: string): string {
  let best = { delimiter: ',' as string, rows: 0, fields: 0 };
  for (const delimiter of DELIMITERS) {
    const { data } = Papa.parse<string[]>(text, {
      delimiter,
      preview: DELIMITER_PREVIEW_ROWS,
      skipEmptyLines: 'greedy',
    });
    const rowsByFieldCount = new Map<number, number>();
    for (const row of data)
      if (row.length > 1) rowsByFieldCount.set(row.length, (rowsByFieldCount.get(row.length) ?? 0) + 1);
    for (const [fields, rows] of rowsByFieldCount) {
      if (rows > best.rows || (rows === best.rows && fields > best.fields))
        best = { delimiter, rows, fields };
    }
  }
  return best.delimiter;
}

/** Decodes the file's text; `warning` is set when it was not valid UTF-8 and was read as Windows-1252. */
export function decodeText(
  bytes: Uint8Array,
  encoding: TextEncoding,
): { text: string; warning?: ReportWarning } {
  if (encoding !== 'utf-8') return { text: new TextDecoder(encoding).decode(bytes) };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    // NOTE: Excel on Windows saves "CSV" in the ANSI code page; reading it as Windows-1252 keeps accents.
    return {
      text: new TextDecoder('windows-1252').decode(bytes),
      warning: {
        code: 'encoding_guessed',
        message:
          'The file is not valid UTF-8; it was read as Windows-1252. Save it as "CSV UTF-8" to be sure.',
      },
    };
  }
}

function lineBreaksInside(cells: readonly string[], breakCharacter: string): number {
  let count = 0;
  for (const cell of cells) {
    for (let at = cell.indexOf(breakCharacter); at !== -1; at = cell.indexOf(breakCharacter, at + 1)) count++;
  }
  return count;
}

/** Validates a delimited text. Throws ListFileError('too_large') when a limit is passed. */
export function validateCsv(
  text: string,
  limits: ImportLimits,
  validatorOptions: ListValidatorOptions,
): ListValidationResult {
  return pushCsvRows(text, limits, createListValidator(validatorOptions));
}

/** Pushes a delimited text's rows into any sheet validator (participants, prizes); see validateCsv. */
export function pushCsvRows<R extends SheetScan>(
  text: string,
  limits: ImportLimits,
  validator: SheetValidator<R>,
): R {
  let line = 1;
  let limitError: ListFileError | null = null;

  Papa.parse<string[]>(text, {
    delimiter: detectDelimiter(text),
    skipEmptyLines: false,
    step(result, parser) {
      const cells = result.data;
      const rowLine = line;
      // The next row starts one line below this one's end: a row spans one line plus the line breaks
      // inside its quoted fields.
      line += 1 + lineBreaksInside(cells, result.meta.linebreak === '\r' ? '\r' : '\n');
      if (cells.length > limits.maxColumns) {
        let width = cells.length;
        while (width > 0 && (cells[width - 1] ?? '').trim() === '') width--;
        if (width > limits.maxColumns) {
          limitError = new ListFileError('too_large', LIMIT_MESSAGES.columns(limits, width));
          parser.abort();
          return;
        }
      }
      validator.push({ row: rowLine, cells });
      if (validator.dataRows > limits.maxRows) {
        limitError = new ListFileError('too_large', LIMIT_MESSAGES.rows(limits));
        parser.abort();
      } else if (validator.headerMissing) {
        parser.abort();
      }
    },
  });
  if (limitError) throw limitError;
  return validator.finish();
}
