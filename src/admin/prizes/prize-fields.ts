// The prize form's text fields and back, the running order, and where a refused save's errors
// belong. Only parsing lives here: what a valid prize is (limits, ids, groups) is the server's
// rule (PUT draft/prizes answers 422 per prize and field), shown next to the prize it names.
import { normalizeGroupKey, type Prize } from '../../core/index.ts';
import type { DraftPrizeInput, PrizeFieldError } from '../api/client.ts';

/** The form as typed: numbers stay text until read, groups are one comma list. */
export interface PrizeFields {
  name: string;
  quantity: string;
  description: string;
  sponsor: string;
  /** sha256 of the uploaded image, or '' for none. */
  image: string;
  /** Comma- or semicolon-separated; empty: everyone may win. */
  groups: string;
  allowPreviousWinners: boolean;
  batchSize: string;
  reserves: string;
}

export const EMPTY_PRIZE_FIELDS: PrizeFields = {
  name: '',
  quantity: '1',
  description: '',
  sponsor: '',
  image: '',
  groups: '',
  allowPreviousWinners: false,
  batchSize: '1',
  reserves: '0',
};

export function toPrizeFields(prize: Prize): PrizeFields {
  return {
    name: prize.name,
    quantity: String(prize.quantity),
    description: prize.description ?? '',
    sponsor: prize.sponsor ?? '',
    image: prize.image ?? '',
    groups: (prize.groups ?? []).join(', '),
    allowPreviousWinners: prize.allowPreviousWinners,
    batchSize: String(prize.batchSize),
    reserves: String(prize.reserves),
  };
}

/** A list of group names as typed: split on `,` or `;`, trimmed, repeats (as rules compare) dropped. */
export function parseGroupList(text: string): string[] | null {
  const groups: string[] = [];
  const seen = new Set<string>();
  for (const part of text.split(/[,;]/u)) {
    const group = part.trim();
    const key = normalizeGroupKey(group);
    if (group === '' || seen.has(key)) continue;
    seen.add(key);
    groups.push(group);
  }
  return groups.length === 0 ? null : groups;
}

export interface FieldProblem {
  field: keyof PrizeFields;
  message: string;
}

function readWholeNumber(
  text: string,
  field: keyof PrizeFields,
  label: string,
  min: number,
  problems: FieldProblem[],
): number {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isInteger(value) || value < min) {
    problems.push({ field, message: `${label} must be a whole number of at least ${min} (got “${text}”).` });
  }
  return value;
}

/** The prize the form describes (keeping `id`, '' for a new one), or what in the form is not a prize at all. */
export function readPrizeFields(
  id: string,
  fields: PrizeFields,
): { ok: true; prize: Prize } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const name = fields.name.trim();
  if (name === '') problems.push({ field: 'name', message: 'A prize needs a name.' });
  const quantity = readWholeNumber(fields.quantity, 'quantity', 'Quantity', 1, problems);
  const batchSize = readWholeNumber(fields.batchSize, 'batchSize', 'Batch size', 1, problems);
  const reserves = readWholeNumber(fields.reserves, 'reserves', 'Reserves', 0, problems);
  if (problems.length > 0) return { ok: false, problems };
  const prize: Prize = {
    id,
    name,
    quantity,
    groups: parseGroupList(fields.groups),
    allowPreviousWinners: fields.allowPreviousWinners,
    batchSize,
    reserves,
  };
  const description = fields.description.trim();
  const sponsor = fields.sponsor.trim();
  if (description !== '') prize.description = description;
  if (sponsor !== '') prize.sponsor = sponsor;
  if (fields.image !== '') prize.image = fields.image;
  return { ok: true, prize };
}

/** A prize as sent: a new prize (id '') goes without one, and the server names it from its name. */
export function toPrizeInput(prize: Prize): DraftPrizeInput {
  if (prize.id !== '') return prize;
  const { id: _unnamed, ...rest } = prize;
  return rest;
}

/** The list with the item at `index` moved by `delta` places; unchanged when it would leave the list. */
export function moveItem<T>(items: readonly T[], index: number, delta: number): T[] {
  const target = index + delta;
  const copy = [...items];
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return copy;
  const [moved] = copy.splice(index, 1);
  copy.splice(target, 0, moved as T);
  return copy;
}

/** A refused save's errors by the prize they name (its position in the list that was sent). */
export function errorsByPrize(errors: readonly PrizeFieldError[]): Map<number, PrizeFieldError[]> {
  const byIndex = new Map<number, PrizeFieldError[]>();
  for (const error of errors) byIndex.set(error.index, [...(byIndex.get(error.index) ?? []), error]);
  return byIndex;
}

/** The draft's groups as the list spells them (first spelling wins), for the prize form's choices. */
export function draftGroups(entries: ReadonlyArray<{ group?: string }>): string[] {
  const byKey = new Map<string, string>();
  for (const entry of entries) {
    if (entry.group === undefined || entry.group.trim() === '') continue;
    const key = normalizeGroupKey(entry.group);
    if (!byKey.has(key)) byKey.set(key, entry.group.trim());
  }
  return [...byKey.values()].sort((a, b) => a.localeCompare(b));
}

/** Groups a prize names that no entry of the draft has: nobody of them could win it. */
export function unknownGroups(groups: readonly string[] | null, known: readonly string[]): string[] {
  if (groups === null) return [];
  const knownKeys = new Set(known.map(normalizeGroupKey));
  return groups.filter((group) => !knownKeys.has(normalizeGroupKey(group)));
}
