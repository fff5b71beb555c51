// An event's prizes as the organizer writes them (draft editor, PUT draft/prizes, a prize sheet):
// the defaults a prize gets, the rules it must keep (limits in event-program.ts), and the prize
// sheet's columns and rows. Pure: the server reads the file, this module validates its rows.
import {
  GROUP_MAX_CHARACTERS,
  PRIZES_MAX,
  PRIZE_BATCH_SIZE_MAX,
  PRIZE_DESCRIPTION_MAX_CHARACTERS,
  PRIZE_GROUPS_MAX,
  PRIZE_ID_MAX_CHARACTERS,
  PRIZE_ID_PATTERN,
  PRIZE_NAME_MAX_CHARACTERS,
  PRIZE_QUANTITY_MAX,
  PRIZE_RESERVES_MAX,
  PRIZE_SPONSOR_MAX_CHARACTERS,
  normalizeGroupKey,
} from './event-program.ts';
import {
  characterCount,
  createSheetValidator,
  findColumns,
  type SheetScan,
  type SheetValidator,
  type SourceRow,
} from './participants.ts';
import { canonicalJson } from './canonical.ts';
import type { FileError, ReportWarning, ValidationReport } from './report.ts';
import type { Entry, Prize } from './types.ts';

export type PrizeField =
  | 'id'
  | 'name'
  | 'quantity'
  | 'description'
  | 'sponsor'
  | 'image'
  | 'groups'
  | 'allowPreviousWinners'
  | 'batchSize'
  | 'reserves';

export type PrizeProblemCode =
  | 'missing_name'
  | 'invalid_quantity'
  | 'invalid_batch_size'
  | 'invalid_reserves'
  | 'invalid_flag'
  | 'duplicate_id'
  | 'invalid_id'
  | 'invalid_image'
  | 'unknown_image'
  | 'value_too_long'
  | 'too_many_prizes'
  | 'invalid_groups';

/** One rule a prize breaks: `index` is its place in the list (0-based). */
export interface PrizeProblem {
  index: number;
  field: PrizeField;
  code: PrizeProblemCode;
  message: string;
}

/** One rule a prize sheet's row breaks, by the row number the user sees. */
export interface PrizeRowError {
  row: number;
  field: PrizeField;
  code: PrizeProblemCode;
  message: string;
}

/** A prize as written: everything but the name and quantity may be left out (see completePrizes). */
export interface PrizeInput {
  id?: string | undefined;
  name: string;
  quantity: number;
  description?: string | undefined;
  sponsor?: string | undefined;
  image?: string | undefined;
  groups?: readonly string[] | null | undefined;
  allowPreviousWinners?: boolean | undefined;
  batchSize?: number | undefined;
  reserves?: number | undefined;
}

const IMAGE_SHA256_PATTERN = /^[0-9a-f]{64}$/;
const SLUG_MAX_CHARACTERS = 48;

/** A prize id made from a name: `Grand Prize: a car!` → `grand-prize-a-car`; `prize` when nothing is left. */
export function slugifyPrizeName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX_CHARACTERS)
    .replace(/-+$/g, '');
  return slug === '' ? 'prize' : slug;
}

function trimmedOrUndefined(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/**
 * Cleans a list of prizes (texts trimmed, empty optional texts left out, groups trimmed and
 * de-duplicated) and fills the defaults: an id from the name's slug, unique in the list (`-2`,
 * `-3`… when taken), groups null (everyone), allowPreviousWinners false, batchSize 1, reserves 0.
 * Validate the result with validatePrizes.
 */
export function completePrizes(inputs: readonly PrizeInput[]): Prize[] {
  const taken = new Set(
    inputs.flatMap((input) => {
      const id = trimmedOrUndefined(input.id);
      return id === undefined ? [] : [id.toLowerCase()];
    }),
  );
  return inputs.map((input) => {
    const name = input.name.trim();
    let id = trimmedOrUndefined(input.id);
    if (id === undefined) {
      const base = slugifyPrizeName(name);
      id = base;
      for (let copy = 2; taken.has(id.toLowerCase()); copy++) id = `${base}-${copy}`;
      taken.add(id.toLowerCase());
    }
    const prize: Prize = {
      id,
      name,
      quantity: input.quantity,
      groups: cleanGroups(input.groups),
      allowPreviousWinners: input.allowPreviousWinners ?? false,
      batchSize: input.batchSize ?? 1,
      reserves: input.reserves ?? 0,
    };
    const description = trimmedOrUndefined(input.description);
    const sponsor = trimmedOrUndefined(input.sponsor);
    const image = trimmedOrUndefined(input.image);
    if (description !== undefined) prize.description = description;
    if (sponsor !== undefined) prize.sponsor = sponsor;
    if (image !== undefined) prize.image = image;
    return orderedPrize(prize);
  });
}

/** The fields in the contract's order, so stored and published prizes read the same everywhere. */
function orderedPrize(prize: Prize): Prize {
  const ordered: Prize = { id: prize.id, name: prize.name, quantity: prize.quantity } as Prize;
  if (prize.description !== undefined) ordered.description = prize.description;
  if (prize.sponsor !== undefined) ordered.sponsor = prize.sponsor;
  if (prize.image !== undefined) ordered.image = prize.image;
  ordered.groups = prize.groups;
  ordered.allowPreviousWinners = prize.allowPreviousWinners;
  ordered.batchSize = prize.batchSize;
  ordered.reserves = prize.reserves;
  return ordered;
}

/** Groups trimmed, empty ones dropped, the same group (normalizeGroupKey) kept once; null stays null. */
function cleanGroups(groups: readonly string[] | null | undefined): string[] | null {
  if (groups === null || groups === undefined) return null;
  const seen = new Set<string>();
  const cleaned: string[] = [];
  for (const group of groups) {
    const trimmed = group.trim();
    const key = normalizeGroupKey(trimmed);
    if (trimmed === '' || seen.has(key)) continue;
    seen.add(key);
    cleaned.push(trimmed);
  }
  return cleaned;
}

function isWholeNumberIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function tooLong(text: string | undefined, max: number): number | null {
  if (text === undefined || text.length <= max) return null;
  const length = characterCount(text);
  return length > max ? length : null;
}

/**
 * Every rule the prizes break (an empty list: they can be saved and published). `where(index)`
 * names a prize in messages: `Prize 3` by default, a sheet's `Row 7`.
 */
export function validatePrizes(
  prizes: readonly Prize[],
  where: (index: number) => string = (index) => `Prize ${index + 1}`,
): PrizeProblem[] {
  const problems: PrizeProblem[] = [];
  const add = (index: number, field: PrizeField, code: PrizeProblemCode, problem: string): void => {
    problems.push({ index, field, code, message: `${where(index)}: ${problem}` });
  };
  if (prizes.length > PRIZES_MAX) {
    add(PRIZES_MAX, 'name', 'too_many_prizes', `an event has at most ${PRIZES_MAX} prizes`);
  }
  const firstIndexById = new Map<string, number>();
  prizes.forEach((prize, index) => {
    if (!PRIZE_ID_PATTERN.test(prize.id)) {
      add(
        index,
        'id',
        'invalid_id',
        `id "${prize.id.slice(0, 80)}" must be 1-${PRIZE_ID_MAX_CHARACTERS} letters, digits, - or _`,
      );
    } else {
      const key = prize.id.toLowerCase();
      const first = firstIndexById.get(key);
      if (first === undefined) firstIndexById.set(key, index);
      else
        add(index, 'id', 'duplicate_id', `id ${prize.id} is already used by ${where(first).toLowerCase()}`);
    }
    if (prize.name === '') add(index, 'name', 'missing_name', 'name is empty');
    for (const [field, text, max] of [
      ['name', prize.name, PRIZE_NAME_MAX_CHARACTERS],
      ['description', prize.description, PRIZE_DESCRIPTION_MAX_CHARACTERS],
      ['sponsor', prize.sponsor, PRIZE_SPONSOR_MAX_CHARACTERS],
    ] as const) {
      const length = tooLong(text, max);
      if (length !== null)
        add(index, field, 'value_too_long', `${field} is ${length} characters long (at most ${max})`);
    }
    if (!isWholeNumberIn(prize.quantity, 1, PRIZE_QUANTITY_MAX)) {
      add(
        index,
        'quantity',
        'invalid_quantity',
        `quantity must be a whole number from 1 to ${PRIZE_QUANTITY_MAX}`,
      );
    }
    if (!isWholeNumberIn(prize.batchSize, 1, PRIZE_BATCH_SIZE_MAX)) {
      add(
        index,
        'batchSize',
        'invalid_batch_size',
        `batch size must be a whole number from 1 to ${PRIZE_BATCH_SIZE_MAX}`,
      );
    }
    if (!isWholeNumberIn(prize.reserves, 0, PRIZE_RESERVES_MAX)) {
      add(
        index,
        'reserves',
        'invalid_reserves',
        `reserves must be a whole number from 0 to ${PRIZE_RESERVES_MAX}`,
      );
    }
    if (typeof prize.allowPreviousWinners !== 'boolean') {
      add(index, 'allowPreviousWinners', 'invalid_flag', 'allow previous winners must be true or false');
    }
    if (prize.image !== undefined && !IMAGE_SHA256_PATTERN.test(prize.image)) {
      add(
        index,
        'image',
        'invalid_image',
        'image must be the sha256 (64 lowercase hex) of an uploaded image',
      );
    }
    if (prize.groups !== null) {
      if (prize.groups.length === 0) {
        add(
          index,
          'groups',
          'invalid_groups',
          'groups must name at least one group, or be null for everyone',
        );
      } else if (prize.groups.length > PRIZE_GROUPS_MAX) {
        add(index, 'groups', 'invalid_groups', `a prize names at most ${PRIZE_GROUPS_MAX} groups`);
      }
      for (const group of prize.groups) {
        const length = tooLong(group, GROUP_MAX_CHARACTERS);
        if (length !== null) {
          add(
            index,
            'groups',
            'value_too_long',
            `group is ${length} characters long (at most ${GROUP_MAX_CHARACTERS})`,
          );
        }
      }
    }
  });
  return problems;
}

// ---- The prize sheet --------------------------------------------------------------------------

/** Header texts per column, normalized (normalizeHeaderText), best match first. */
const PRIZE_COLUMN_ALIASES: Record<PrizeField, readonly string[]> = {
  name: ['name', 'prize', 'prizename', 'title'],
  quantity: ['quantity', 'qty', 'count', 'numberofwinners', 'winners'],
  description: ['description', 'details'],
  sponsor: ['sponsor', 'sponsoredby'],
  groups: ['groups', 'eligiblegroups', 'group', 'eligible'],
  allowPreviousWinners: ['allowpreviouswinners', 'previouswinners', 'allowpreviouswinner'],
  batchSize: ['batchsize', 'batch', 'perspin'],
  reserves: ['reserves', 'reserve'],
  id: ['id', 'prizeid'],
  // NOTE: read so it is not mistaken for another column, and ignored: images are uploaded, not typed.
  image: ['image', 'picture', 'photo'],
};

const PRIZE_REQUIRED_COLUMNS = ['name', 'quantity'] as const;
/** The prize sheet's required columns as a no-header message names them. */
export const PRIZE_SHEET_REQUIRED_COLUMNS = 'name and quantity';

type PrizeHeader = Partial<Record<PrizeField, number>>;

function matchPrizeHeader(cells: readonly string[]): { header: PrizeHeader | null; missing: string[] } {
  const header: PrizeHeader = findColumns(
    cells,
    PRIZE_COLUMN_ALIASES,
    Object.keys(PRIZE_COLUMN_ALIASES) as PrizeField[],
  );
  const missing = PRIZE_REQUIRED_COLUMNS.filter((column) => header[column] === undefined);
  return { header: missing.length === 0 ? header : null, missing };
}

const YES = new Set(['yes', 'y', 'true', '1', 'x']);
const NO = new Set(['no', 'n', 'false', '0', '']);

/** A yes/no cell: yes, y, true, 1, x / no, n, false, 0, empty; null when it is neither. */
export function parsePrizeFlag(text: string): boolean | null {
  const value = text.trim().toLowerCase();
  if (YES.has(value)) return true;
  if (NO.has(value)) return false;
  return null;
}

/** A whole-number cell: the stored number of a spreadsheet, else digits (`1,000` grouping allowed); null otherwise. */
function parseWholeNumber(text: string, stored: number | undefined): number | null {
  if (stored !== undefined) return Number.isInteger(stored) ? stored : null;
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  if (/^\d{1,3}(,\d{3})+$/.test(trimmed)) return Number(trimmed.replaceAll(',', ''));
  return null;
}

/** A groups cell: names separated by commas or semicolons; empty means everyone (null). */
export function parsePrizeGroups(text: string): string[] | null {
  const groups = text
    .split(/[,;]/)
    .map((group) => group.trim())
    .filter((group) => group !== '');
  return groups.length === 0 ? null : groups;
}

export interface PrizeSheetResult extends SheetScan {
  missingColumns: string[];
  /** The valid prizes, completed (completePrizes), in sheet order; only when there are no errors. */
  prizes: Prize[];
  errors: PrizeRowError[];
  /** The rows with a prize in them (blank rows and rows above the header not counted). */
  rows: number;
}

/**
 * The answer to a prize sheet import: like a participant list's validation report, with the
 * sheet's prizes (completed, in sheet order; empty unless ok) and per-row errors by field.
 */
export interface PrizeSheetReport {
  ok: boolean;
  file: ValidationReport['file'];
  /** Rows with a prize in them (blank rows and rows above the header not counted). */
  rows: number;
  /** The valid prizes read (0 unless ok). */
  entries: number;
  errors: PrizeRowError[];
  warnings: ReportWarning[];
  fileError: FileError | null;
  prizes: Prize[];
}

/** Validates a prize sheet row by row (see SheetValidator); `finish` checks the prizes together. */
export function createPrizeSheetValidator(): SheetValidator<PrizeSheetResult> {
  const errors: PrizeRowError[] = [];
  const inputs: PrizeInput[] = [];
  const inputRows: number[] = [];

  function rowError(row: number, field: PrizeField, code: PrizeProblemCode, problem: string): void {
    errors.push({ row, field, code, message: `Row ${row}: ${problem}` });
  }

  function validate(source: SourceRow, columns: PrizeHeader): void {
    const { row, cells } = source;
    const text = (column: PrizeField): string => {
      const index = columns[column];
      return index === undefined ? '' : (cells[index] ?? '');
    };
    const stored = (column: PrizeField): number | undefined => {
      const index = columns[column];
      return index === undefined || text(column).trim() === '' ? undefined : source.numbers?.[index];
    };
    const errorsBefore = errors.length;
    const name = text('name').trim();
    if (name === '') rowError(row, 'name', 'missing_name', 'name is empty');
    const quantity = parseWholeNumber(text('quantity'), stored('quantity'));
    if (quantity === null) {
      rowError(
        row,
        'quantity',
        'invalid_quantity',
        `quantity "${text('quantity').trim().slice(0, 40)}" is not a whole number from 1 to ${PRIZE_QUANTITY_MAX}`,
      );
    }
    const wholeOrDefault = (
      column: 'batchSize' | 'reserves',
      code: PrizeProblemCode,
      label: string,
    ): number | undefined => {
      if (text(column).trim() === '') return undefined;
      const value = parseWholeNumber(text(column), stored(column));
      if (value === null)
        rowError(row, column, code, `${label} "${text(column).trim().slice(0, 40)}" is not a whole number`);
      return value ?? undefined;
    };
    const batchSize = wholeOrDefault('batchSize', 'invalid_batch_size', 'batch size');
    const reserves = wholeOrDefault('reserves', 'invalid_reserves', 'reserves');
    const allowPreviousWinners = parsePrizeFlag(text('allowPreviousWinners'));
    if (allowPreviousWinners === null) {
      rowError(
        row,
        'allowPreviousWinners',
        'invalid_flag',
        `allow previous winners "${text('allowPreviousWinners').trim().slice(0, 40)}" is not yes or no`,
      );
    }
    if (errors.length > errorsBefore || quantity === null) return;
    inputs.push({
      id: text('id'),
      name,
      quantity,
      description: text('description'),
      sponsor: text('sponsor'),
      groups: parsePrizeGroups(text('groups')),
      allowPreviousWinners: allowPreviousWinners ?? false,
      batchSize,
      reserves,
    });
    inputRows.push(row);
  }

  return createSheetValidator({
    matchHeader: matchPrizeHeader,
    requiredColumns: PRIZE_REQUIRED_COLUMNS,
    validateRow: validate,
    finish(scan) {
      const prizes = completePrizes(inputs);
      const rowOf = (index: number): number => inputRows[index] ?? inputRows.length;
      for (const problem of validatePrizes(prizes, (index) => `Row ${rowOf(index)}`)) {
        errors.push({
          row: rowOf(problem.index),
          field: problem.field,
          code: problem.code,
          message: problem.message,
        });
      }
      errors.sort((a, b) => a.row - b.row);
      return {
        headerFound: scan.headerFound,
        headerRow: scan.headerRow,
        missingColumns: [...scan.missingColumns],
        rows: scan.rows,
        prizes: errors.length === 0 ? prizes : [],
        errors,
      };
    },
  });
}

/** Validates prize sheet rows already in memory (see createPrizeSheetValidator). */
export function validatePrizeSheetRows(rows: Iterable<SourceRow>): PrizeSheetResult {
  const validator = createPrizeSheetValidator();
  for (const row of rows) validator.push(row);
  return validator.finish();
}

// ---- Publishing ---------------------------------------------------------------------------------

export interface PrizeDiff {
  added: number;
  removed: number;
  changed: number;
}

/** What publishing `after` changes in the prizes of `before` (matched by id; any field counts). */
export function diffPrizes(before: readonly Prize[] | undefined, after: readonly Prize[]): PrizeDiff {
  const previous = new Map((before ?? []).map((prize) => [prize.id, canonicalJson(prize)]));
  const diff: PrizeDiff = { added: 0, removed: 0, changed: 0 };
  for (const prize of after) {
    const was = previous.get(prize.id);
    if (was === undefined) diff.added++;
    else if (was !== canonicalJson(prize)) diff.changed++;
    previous.delete(prize.id);
  }
  diff.removed = previous.size;
  return diff;
}

export interface PrizeWarning {
  code: 'groups_without_entries';
  prizeId: string;
  message: string;
}

/**
 * What the publish preview warns about (not errors): a prize whose groups match no entry of the
 * list can never be drawn.
 */
export function prizeWarnings(
  prizes: readonly Prize[],
  entries: readonly Pick<Entry, 'group'>[],
): PrizeWarning[] {
  const groups = new Set<string>();
  for (const entry of entries) if (entry.group) groups.add(normalizeGroupKey(entry.group));
  return prizes.flatMap((prize): PrizeWarning[] => {
    if (prize.groups === null || prize.groups.some((group) => groups.has(normalizeGroupKey(group))))
      return [];
    return [
      {
        code: 'groups_without_entries',
        prizeId: prize.id,
        message: `Prize ${prize.name}: no entry of the list is in ${prize.groups.join(', ')}, so nobody can win it`,
      },
    ];
  });
}
