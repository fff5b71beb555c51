// What changes between two entry lists, matched by normalized ticket (contract: two tickets are
// the same when equal after Unicode NFKC, trimming and case folding).
import { normalizeTicket } from './participants.ts';
import { DEFAULT_PUBLIC_NAMES } from './public-names.ts';
import type { Entry, WheelSettings } from './types.ts';

export interface EntryChange<E extends Entry = Entry> {
  before: E;
  after: E;
}

export interface EntryDiff<E extends Entry = Entry> {
  added: number;
  removed: number;
  changed: number;
  addedEntries: E[];
  removedEntries: E[];
  changedEntries: EntryChange<E>[];
}

export interface DiffOptions {
  /** Caps each list (counts stay exact). Unlimited when absent. */
  maxListed?: number;
}

/** The key two tickets are compared by: the participant rules' own normalized ticket. */
export const normalizeTicketKey = normalizeTicket;

/**
 * Entries only in `after` are added, only in `before` removed; an entry in both whose name, group,
 * person, weight or displayed ticket differ is changed. A null `before` means everything is added.
 */
export function diffEntries<E extends Entry>(
  before: readonly E[] | null,
  after: readonly E[],
  options: DiffOptions = {},
): EntryDiff<E> {
  const cap = options.maxListed ?? Number.POSITIVE_INFINITY;
  const beforeByKey = new Map<string, E>();
  for (const entry of before ?? []) beforeByKey.set(normalizeTicketKey(entry.ticket), entry);
  const diff: EntryDiff<E> = {
    added: 0,
    removed: 0,
    changed: 0,
    addedEntries: [],
    removedEntries: [],
    changedEntries: [],
  };
  const seen = new Set<string>();
  for (const entry of after) {
    const key = normalizeTicketKey(entry.ticket);
    seen.add(key);
    const previous = beforeByKey.get(key);
    if (previous === undefined) {
      diff.added++;
      if (diff.addedEntries.length < cap) diff.addedEntries.push(entry);
    } else if (
      previous.ticket !== entry.ticket ||
      previous.name !== entry.name ||
      previous.weight !== entry.weight ||
      // Group and person decide who may win which prize: a change is a change.
      (previous.group ?? '') !== (entry.group ?? '') ||
      (previous.person ?? '') !== (entry.person ?? '')
    ) {
      diff.changed++;
      if (diff.changedEntries.length < cap) diff.changedEntries.push({ before: previous, after: entry });
    }
  }
  for (const [key, entry] of beforeByKey) {
    if (seen.has(key)) continue;
    diff.removed++;
    if (diff.removedEntries.length < cap) diff.removedEntries.push(entry);
  }
  return diff;
}

/** One setting that publishing would change; `before` is null when nothing was published. */
export interface SettingChange<K extends keyof WheelSettings = keyof WheelSettings> {
  setting: K;
  before: WheelSettings[K] | null;
  after: WheelSettings[K];
}

/** The settings order of the publish preview (the order of the Settings form). */
const SETTING_KEYS: ReadonlyArray<keyof WheelSettings> = [
  'spinDurationMs',
  'minRotations',
  'maxRotations',
  'removeWinners',
  'publicNames',
];

/**
 * The settings that differ between the latest published version (`before`, null when none) and the
 * draft (`after`); against nothing published, every setting counts as changed.
 */
export function diffSettings(before: WheelSettings | null, after: WheelSettings): SettingChange[] {
  // A list published before publicNames existed (or with the default) holds no such setting.
  const full = (settings: WheelSettings): Required<WheelSettings> => ({
    ...settings,
    publicNames: settings.publicNames ?? DEFAULT_PUBLIC_NAMES,
  });
  const was = before === null ? null : full(before);
  const now = full(after);
  return SETTING_KEYS.filter((key) => was === null || was[key] !== now[key]).map((key) => ({
    setting: key,
    before: was === null ? null : was[key],
    after: now[key],
  }));
}
