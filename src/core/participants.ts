// The participant list's rules (contract: "The participant list"), shared by every file format:
// the readers turn a file into rows of display strings with the user's row numbers, this module
// finds the header and validates the rows. Pure: no I/O.
import {
  GROUP_MAX_CHARACTERS,
  PERSON_MAX_CHARACTERS,
  normalizeGroupKey,
  normalizePersonValue,
} from './event-program.ts';
import type {
  AcceptedRow,
  GroupCount,
  ParticipantColumn,
  RowError,
  RowErrorCode,
  RowValues,
} from './report.ts';
import { TicketIndex } from './ticket-index.ts';

/** One row as the user sees it: its 1-based row (or CSV line) number and the cells' displayed text. */
export interface SourceRow {
  row: number;
  cells: readonly string[];
  /**
   * The cells' numeric values where the file stores numbers (spreadsheets), so a weight formatted
   * `1,000` or `50%` is read as the number it is. Absent for CSV.
   */
  numbers?: readonly (number | undefined)[];
}

export type { ParticipantColumn };

/** The header is searched for in the rows numbered 1..HEADER_SCAN_ROWS. */
export const HEADER_SCAN_ROWS = 20;

/** The cells a row uses: trailing empty cells not counted. */
export function usedWidth(cells: readonly string[]): number {
  let width = cells.length;
  while (width > 0 && (cells[width - 1] ?? '').trim() === '') width--;
  return width;
}
/** Lengths count characters as people see them: Unicode code points, not UTF-16 units. */
export const TICKET_MAX_CHARACTERS = 100;
export const NAME_MAX_CHARACTERS = 1_000;
/**
 * The most a list's weights may add up to. NOTE: the draw (weightedIndex) picks integer weights
 * exactly only while their total is a safe integer, and a total that overflows to Infinity would
 * make the last entry win every draw; the wheel's arcs (360 × cumulative / total) stay finite too.
 */
export const WEIGHT_TOTAL_MAX = Number.MAX_SAFE_INTEGER;

/** Header texts per column, normalized (see normalizeHeaderText), best match first. */
const COLUMN_ALIASES: Record<ParticipantColumn, readonly string[]> = {
  ticket: ['ticket', 'ticketno', 'ticketnumber', 'ticketid', 'number', 'no', 'id', 'code'],
  name: ['name', 'participant', 'participantname', 'fullname'],
  weight: ['weight', 'chance', 'entries'],
  // NOTE: matched after ticket, so `ID` stays the ticket and `Person ID` / `Employee ID` the person.
  person: ['person', 'personid', 'email', 'emailaddress', 'employeeid', 'memberid', 'phone', 'phonenumber'],
  group: ['group', 'department', 'team', 'category', 'groupname'],
  // The public form of a name under settings.publicNames `label` (core/public-names.ts).
  label: ['label', 'publicname', 'displayname', 'nickname', 'alias'],
};

/** The columns in the order they are matched: an earlier column takes a header cell first. */
const MATCH_ORDER: readonly ParticipantColumn[] = ['ticket', 'name', 'weight', 'person', 'group', 'label'];

const REQUIRED_COLUMNS: readonly ParticipantColumn[] = ['ticket', 'name'];

/** Header text compared without case, spacing or punctuation: `Ticket No.` → `ticketno`. */
export function normalizeHeaderText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The identity of a ticket: two tickets are the same when their normalized forms are equal. */
export function normalizeTicket(ticket: string): string {
  // Printable ASCII is its own NFKC form and folds by lowercasing (the common case, a million times).
  if (PRINTABLE_ASCII.test(ticket)) return ticket.trim().toLowerCase();
  // NOTE: toLowerCase after toUpperCase approximates Unicode case folding (ß → SS → ss, ς/σ → σ).
  return ticket.normalize('NFKC').trim().toUpperCase().toLowerCase();
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export interface HeaderColumns {
  ticket: number;
  name: number;
  weight: number | null;
  person: number | null;
  group: number | null;
  label: number | null;
  /** The other non-empty header cells, kept as extra columns: position and unique label. */
  extra: { index: number; label: string }[];
}

/**
 * Finds columns in a header row: for each column in `order`, the cell whose text (normalized) is
 * its best-ranked alias; a cell serves one column only, the earliest in `order`.
 */
export function findColumns<C extends string>(
  cells: readonly string[],
  aliases: Readonly<Record<C, readonly string[]>>,
  order: readonly C[],
): Partial<Record<C, number>> {
  const normalized = cells.map(normalizeHeaderText);
  const found: Partial<Record<C, number>> = {};
  const taken = new Set<number>();
  for (const column of order) {
    let bestIndex = -1;
    let bestRank = Infinity;
    normalized.forEach((text, index) => {
      const rank = aliases[column].indexOf(text);
      if (rank >= 0 && rank < bestRank && !taken.has(index)) {
        bestIndex = index;
        bestRank = rank;
      }
    });
    if (bestIndex >= 0) {
      found[column] = bestIndex;
      taken.add(bestIndex);
    }
  }
  return found;
}

/** Finds the participant columns in one row; `missing` lists the required columns not found. */
export function matchHeaderRow(cells: readonly string[]): {
  columns: HeaderColumns | null;
  missing: ParticipantColumn[];
} {
  const found = findColumns(cells, COLUMN_ALIASES, MATCH_ORDER);
  const missing = REQUIRED_COLUMNS.filter((column) => found[column] === undefined);
  if (found.ticket === undefined || found.name === undefined) return { columns: null, missing };

  const used = new Set([found.ticket, found.name, found.weight, found.person, found.group, found.label]);
  const labels = new Set<string>();
  const extra: HeaderColumns['extra'] = [];
  cells.forEach((text, index) => {
    if (used.has(index)) return;
    const base = text.trim() || `Column ${index + 1}`;
    let label = base;
    for (let copy = 2; labels.has(label); copy++) label = `${base} (${copy})`;
    labels.add(label);
    extra.push({ index, label });
  });
  return {
    columns: {
      ticket: found.ticket,
      name: found.name,
      weight: found.weight ?? null,
      person: found.person ?? null,
      group: found.group ?? null,
      label: found.label ?? null,
      extra,
    },
    missing: [],
  };
}

/** The weight in a cell: empty means 1; otherwise a finite number > 0, or null when it is not one. */
export function parseWeight(text: string, storedNumber: number | undefined): number | null {
  if (storedNumber !== undefined)
    return Number.isFinite(storedNumber) && storedNumber > 0 ? storedNumber : null;
  const trimmed = text.trim();
  if (trimmed === '') return 1;
  let decimal: string | null = null;
  if (/^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) decimal = trimmed;
  // NOTE: `1,000` (thousands grouping) is 1000; otherwise one comma is a decimal comma (`1,5` from a `;` CSV).
  else if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(trimmed)) decimal = trimmed.replaceAll(',', '');
  else if (/^\d*,\d+$/.test(trimmed)) decimal = trimmed.replace(',', '.');
  if (decimal === null) return null;
  const value = Number(decimal);
  return Number.isFinite(value) && value > 0 ? value : null;
}

/** The number of characters (Unicode code points) in a text. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** One rule an entry's field breaks; `problem` is the message without the row's name. */
export interface FieldProblem {
  column: ParticipantColumn;
  code: RowErrorCode;
  problem: string;
}

function checkLength(column: 'ticket' | 'name', text: string, maxCharacters: number): FieldProblem | null {
  if (text === '') return { column, code: `missing_${column}`, problem: `${column} is empty` };
  return checkMaxLength(column, text, maxCharacters);
}

function checkMaxLength(column: ParticipantColumn, text: string, maxCharacters: number): FieldProblem | null {
  // A string's code points are never more than its UTF-16 units: count only when it may be too long.
  const length = text.length > maxCharacters ? characterCount(text) : text.length;
  if (length <= maxCharacters) return null;
  return {
    column,
    code: 'value_too_long',
    problem: `${column} is ${length} characters long (at most ${maxCharacters})`,
  };
}

/** The rule a trimmed ticket breaks (empty, too long), or null. Duplicates are the caller's list. */
export function checkTicket(ticket: string): FieldProblem | null {
  return checkLength('ticket', ticket, TICKET_MAX_CHARACTERS);
}

/** The rule a trimmed name breaks (empty, too long), or null. */
export function checkName(name: string): FieldProblem | null {
  return checkLength('name', name, NAME_MAX_CHARACTERS);
}

/** The rule a trimmed person value breaks (too long), or null; empty means the row is its own person. */
export function checkPerson(person: string): FieldProblem | null {
  return checkMaxLength('person', person, PERSON_MAX_CHARACTERS);
}

/** The rule a trimmed label breaks (too long, as a name), or null; empty means no label. */
export function checkLabel(label: string): FieldProblem | null {
  return checkMaxLength('label', label, NAME_MAX_CHARACTERS);
}

/** The rule a trimmed group breaks (too long), or null; empty means no group. */
export function checkGroup(group: string): FieldProblem | null {
  return checkMaxLength('group', group, GROUP_MAX_CHARACTERS);
}

/**
 * Counts the persons and groups of accepted entries as the import report shows them: a person is
 * compared by normalizePersonValue (an entry without one is its own person), a group by
 * normalizeGroupKey and named as first written.
 */
export interface PersonGroupTally {
  add(entry: { ticket: string; person?: string; group?: string }): void;
  readonly persons: number;
  readonly groups: GroupCount[];
}

export function createPersonGroupTally(): PersonGroupTally {
  const persons = new Set<string>();
  let withoutPerson = 0;
  const groups = new Map<string, GroupCount>();
  return {
    add({ person, group }) {
      if (person === undefined || person === '') withoutPerson++;
      else persons.add(normalizePersonValue(person));
      if (group === undefined || group === '') return;
      const key = normalizeGroupKey(group);
      const count = groups.get(key);
      if (count) count.entries++;
      else groups.set(key, { name: group, entries: 1 });
    },
    get persons() {
      return persons.size + withoutPerson;
    },
    get groups() {
      return [...groups.values()];
    },
  };
}

/** A weight as stored: a finite number > 0. */
export function isValidWeight(weight: unknown): weight is number {
  return typeof weight === 'number' && Number.isFinite(weight) && weight > 0;
}

/**
 * The running total of the accepted entries' weights, in list order: the entry whose weight would
 * take it past WEIGHT_TOTAL_MAX is refused (invalid_weight), and so is every later one that would.
 */
export interface WeightTotal {
  /** The problem when adding `weight` would pass the limit, or null (then `add` it once accepted). */
  check(weight: number): FieldProblem | null;
  add(weight: number): void;
  readonly total: number;
}

export function createWeightTotal(): WeightTotal {
  let total = 0;
  return {
    check(weight) {
      if (total + weight <= WEIGHT_TOTAL_MAX) return null;
      return {
        column: 'weight',
        code: 'invalid_weight',
        problem: `the weights add up to more than ${WEIGHT_TOTAL_MAX} with this one`,
      };
    },
    add(weight) {
      total += weight;
    },
    get total() {
      return total;
    },
  };
}

/** A failing row's values (RowError.values) cut short at this many characters, with an ellipsis. */
export const ROW_VALUE_MAX_CHARACTERS = 60;

/** The errors of a report that carry their row's values (RowError.values); later ones carry none. */
export const ERRORS_WITH_VALUES_MAX = 1_000;

/** A value shown in a message, cut short when long. */
function shorten(text: string, maxCharacters = ROW_VALUE_MAX_CHARACTERS): string {
  return characterCount(text) > maxCharacters ? `${[...text].slice(0, maxCharacters).join('')}…` : text;
}

function rowError(row: number, { column, code, problem }: FieldProblem): RowError {
  return { row, column, code, message: `Row ${row}: ${problem}` };
}

/** Gives the row's errors from `from` on their row's values, up to ERRORS_WITH_VALUES_MAX in the report. */
function attachRowValues(
  errors: RowError[],
  from: number,
  valuesFor: (column: ParticipantColumn) => RowValues,
): void {
  for (let index = from; index < Math.min(errors.length, ERRORS_WITH_VALUES_MAX); index++)
    errors[index]!.values = valuesFor(errors[index]!.column);
}

export interface ListValidationResult {
  /** No header with the required columns in rows 1..HEADER_SCAN_ROWS. */
  headerFound: boolean;
  headerRow: number | null;
  /** For a missing header: the required columns missing from the best candidate row. */
  missingColumns: ParticipantColumn[];
  rows: number;
  entries: number;
  errors: RowError[];
  accepted?: AcceptedRow[];
  /** See ValidationReport.persons / groups: only when the header has those columns. */
  persons?: number;
  groups?: GroupCount[];
}

export interface ListValidatorOptions {
  /** Keep the accepted rows in the result's `accepted`. */
  includeAccepted?: boolean;
  /**
   * Hands each accepted row over as soon as it is validated, instead of keeping it: a streaming
   * reader passes rows on without holding them all (only the normalized tickets are kept).
   */
  onAccepted?: (row: AcceptedRow) => void;
}

/** What every sheet validator's result says about the header (participant lists, prize sheets). */
export interface SheetScan {
  headerFound: boolean;
  headerRow: number | null;
  /** For a missing header: the required columns missing from the best candidate row. */
  missingColumns: readonly string[];
  /** Data rows read. */
  rows: number;
}

/**
 * Validates a sheet row by row, so a reader can stream a file without keeping its rows:
 * `push` every row in order (blank rows and title rows included), then `finish`.
 */
export interface SheetValidator<R extends SheetScan> {
  push(row: SourceRow): void;
  /** Data rows read so far (blank rows and rows above the header not counted). */
  readonly dataRows: number;
  /** The widest row pushed so far (trailing empty cells not counted). */
  readonly widestRow: number;
  readonly headerFound: boolean;
  /** True once the scan window is over without a header: the remaining rows need not be read. */
  readonly headerMissing: boolean;
  finish(): R;
}

/** The participant list's validator. */
export type ListValidator = SheetValidator<ListValidationResult>;

/** What a sheet validator's header search found, handed to its `finish`. */
export interface HeaderScanResult<H> extends SheetScan {
  header: H | null;
}

/**
 * A sheet validator from its parts: how a row is recognized as the header (searched for in rows
 * 1..HEADER_SCAN_ROWS, blank rows skipped), how a data row below it is validated, and the result.
 */
export function createSheetValidator<H, R extends SheetScan>(parts: {
  matchHeader(cells: readonly string[]): { header: H | null; missing: readonly string[] };
  requiredColumns: readonly string[];
  validateRow(source: SourceRow, header: H): void;
  finish(scan: HeaderScanResult<H>): R;
}): SheetValidator<R> {
  let header: H | null = null;
  let headerRow: number | null = null;
  let headerMissing = false;
  let bestMissing: readonly string[] = parts.requiredColumns;
  let dataRows = 0;
  let widestRow = 0;
  return {
    push(source) {
      const width = usedWidth(source.cells);
      if (width > widestRow) widestRow = width;
      if (width === 0 || headerMissing) return;
      if (header !== null) {
        dataRows++;
        parts.validateRow(source, header);
        return;
      }
      if (source.row > HEADER_SCAN_ROWS) {
        headerMissing = true;
        return;
      }
      const matched = parts.matchHeader(source.cells);
      if (matched.header !== null) {
        header = matched.header;
        headerRow = source.row;
      } else if (matched.missing.length < bestMissing.length) bestMissing = matched.missing;
    },
    get dataRows() {
      return dataRows;
    },
    get widestRow() {
      return widestRow;
    },
    get headerFound() {
      return header !== null;
    },
    get headerMissing() {
      return headerMissing;
    },
    finish() {
      return parts.finish({
        header,
        headerFound: header !== null,
        headerRow,
        missingColumns: header === null ? bestMissing : [],
        rows: dataRows,
      });
    },
  };
}

export function createListValidator(options: ListValidatorOptions = {}): ListValidator {
  let entries = 0;
  const errors: RowError[] = [];
  const accepted: AcceptedRow[] | undefined = options.includeAccepted && !options.onAccepted ? [] : undefined;
  const onAccepted = options.onAccepted ?? (accepted ? (row: AcceptedRow) => accepted.push(row) : null);
  const firstRowByTicket = new TicketIndex();
  const weightTotal = createWeightTotal();
  const tally = createPersonGroupTally();

  function validate(source: SourceRow, columns: HeaderColumns): void {
    const { row, cells } = source;
    const ticket = (cells[columns.ticket] ?? '').trim();
    const name = (cells[columns.name] ?? '').trim();
    const rowErrorsBefore = errors.length;

    const ticketProblem = checkTicket(ticket);
    if (ticketProblem) errors.push(rowError(row, ticketProblem));
    if (ticket !== '') {
      const firstRow = firstRowByTicket.firstRowOrAdd(normalizeTicket(ticket), row);
      if (firstRow !== undefined) {
        errors.push({
          row,
          column: 'ticket',
          code: 'duplicate_ticket',
          firstRow,
          message: `Row ${row}: ticket ${shorten(ticket)} already appears in row ${firstRow}`,
        });
      }
    }

    const nameProblem = checkName(name);
    if (nameProblem) errors.push(rowError(row, nameProblem));

    let weight: number | null = 1;
    let weightText: string | null = null;
    if (columns.weight !== null) {
      weightText = cells[columns.weight] ?? '';
      weight = parseWeight(
        weightText,
        weightText.trim() === '' ? undefined : source.numbers?.[columns.weight],
      );
      if (weight === null) {
        errors.push({
          row,
          column: 'weight',
          code: 'invalid_weight',
          message: `Row ${row}: weight "${shorten(weightText.trim())}" is not a number greater than 0`,
        });
      }
    }
    if (weight !== null) {
      const totalProblem = weightTotal.check(weight);
      if (totalProblem) errors.push(rowError(row, totalProblem));
    }
    const person = columns.person === null ? '' : (cells[columns.person] ?? '').trim();
    const personProblem = checkPerson(person);
    if (personProblem) errors.push(rowError(row, personProblem));
    const group = columns.group === null ? '' : (cells[columns.group] ?? '').trim();
    const groupProblem = checkGroup(group);
    if (groupProblem) errors.push(rowError(row, groupProblem));
    const label = columns.label === null ? '' : (cells[columns.label] ?? '').trim();
    const labelProblem = checkLabel(label);
    if (labelProblem) errors.push(rowError(row, labelProblem));

    if (errors.length > rowErrorsBefore) {
      const cellOf: Record<ParticipantColumn, string> = {
        ticket,
        name,
        weight: weightText?.trim() ?? '',
        person,
        group,
        label,
      };
      attachRowValues(errors, rowErrorsBefore, (column) => ({
        ticket: shorten(ticket),
        name: shorten(name),
        weight: weightText === null ? null : shorten(weightText.trim()),
        value: shorten(cellOf[column]),
      }));
    }
    if (errors.length > rowErrorsBefore || weight === null) return;
    weightTotal.add(weight);
    entries++;
    const personAndGroup: { person?: string; group?: string } = {};
    if (person !== '') personAndGroup.person = person;
    if (group !== '') personAndGroup.group = group;
    tally.add({ ticket, ...personAndGroup });
    if (onAccepted) {
      const entry: AcceptedRow = { row, ticket, name, weight, ...personAndGroup };
      if (label !== '') entry.label = label;
      const extra: Record<string, string> = {};
      let hasExtra = false;
      for (const { index, label } of columns.extra) {
        const value = cells[index] ?? '';
        if (value.trim() === '') continue;
        extra[label] = value;
        hasExtra = true;
      }
      if (hasExtra) entry.extra = extra;
      onAccepted(entry);
    }
  }

  return createSheetValidator({
    matchHeader(cells) {
      const { columns, missing } = matchHeaderRow(cells);
      return { header: columns, missing };
    },
    requiredColumns: REQUIRED_COLUMNS,
    validateRow: validate,
    finish(scan) {
      const result: ListValidationResult = {
        headerFound: scan.headerFound,
        headerRow: scan.headerRow,
        missingColumns: scan.missingColumns as ParticipantColumn[],
        rows: scan.rows,
        entries,
        errors,
      };
      if (accepted) result.accepted = accepted;
      if (scan.header !== null && scan.header.person !== null) result.persons = tally.persons;
      if (scan.header !== null && scan.header.group !== null) result.groups = tally.groups;
      return result;
    },
  });
}

/** Validates rows already in memory (see createListValidator). */
export function validateParticipantRows(
  rows: Iterable<SourceRow>,
  options: ListValidatorOptions = {},
): ListValidationResult {
  const validator = createListValidator(options);
  for (const row of rows) validator.push(row);
  return validator.finish();
}
