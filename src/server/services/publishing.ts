// Publishing a draft: re-validate, diff against the last published version, write the next
// immutable version — all inside the store's publishing transaction.
import {
  DEFAULT_PUBLIC_NAMES,
  diffEntries,
  diffPrizes,
  normalizeTicketKey,
  validatePrizes,
  type DraftEntry,
  type Entry,
  type PrizeDiff,
  type PublicNamesPolicy,
  type RowError,
  type Snapshot,
  type ValidationReport,
} from '../../core/index.ts';
import { AppError } from '../errors.ts';
import type { WheelEventBus } from '../events.ts';
import type { Store } from '../storage/store.ts';
import { validateEntries, type EntryProblem } from './entry-validation.ts';
import { toPublicEntries } from './person-pseudonyms.ts';

export interface PublishResult {
  snapshot: Snapshot;
  diff: { added: number; removed: number; changed: number; prizes: PrizeDiff };
}

/**
 * A stand-in key for previewing a draft with persons on a wheel that never published any: every
 * person is new then, whatever the pseudonym.
 */
const PREVIEW_PERSON_KEY = '00'.repeat(32);

/**
 * The entries a publish would write now, for the preview: pseudonyms under the wheel's key, so an
 * unchanged person compares equal to the latest version's.
 */
export async function previewPublicEntries(
  store: Store,
  slug: string,
  entries: readonly DraftEntry[],
  publicNames: PublicNamesPolicy | undefined,
): Promise<Entry[]> {
  return toPublicEntries(entries, (await store.readPersonKey(slug)) ?? PREVIEW_PERSON_KEY, publicNames);
}

/** The draft's problems in the contract's validation report shape (rows are 1-based entry numbers). */
export function draftValidationReport(
  entries: readonly DraftEntry[],
  errors: readonly EntryProblem[],
): ValidationReport {
  const rowsWithErrors = new Set(errors.map((error) => error.index));
  return {
    ok: errors.length === 0,
    file: { name: 'draft', format: null, sheet: null, headerRow: null },
    rows: entries.length,
    entries: entries.length - rowsWithErrors.size,
    errors: errors.map((error): RowError => {
      const row: RowError = {
        row: error.index + 1,
        column: error.column,
        code: error.code,
        message: error.message,
      };
      if (error.firstIndex !== undefined) row.firstRow = error.firstIndex + 1;
      return row;
    }),
    warnings: [],
    fileError: null,
  };
}

export async function publishDraft(
  store: Store,
  slug: string,
  actor: string,
  publishedAt: Date,
): Promise<PublishResult> {
  let diff: PublishResult['diff'] = {
    added: 0,
    removed: 0,
    changed: 0,
    prizes: { added: 0, removed: 0, changed: 0 },
  };
  const snapshot = await store.publishDraft(slug, {
    publishedAt: publishedAt.toISOString(),
    publishedBy: actor,
    prepare(draft, previous, personKey) {
      if (draft.entries.length === 0)
        throw new AppError('draft_empty', 'The draft has no entries to publish');
      const prizeProblems = validatePrizes(draft.prizes);
      if (prizeProblems.length > 0) {
        // NOTE: PUT draft/prizes refuses these; a draft stored before a rule existed is caught here.
        throw new AppError(
          'draft_invalid',
          `The draft's prizes have ${prizeProblems.length} error(s); fix them before publishing`,
          { prizeErrors: prizeProblems },
        );
      }
      const errors = validateEntries(draft.entries);
      if (errors.length > 0) {
        throw new AppError(
          'draft_invalid',
          `The draft has ${errors.length} error(s); fix them before publishing`,
          {
            report: draftValidationReport(draft.entries, errors),
          },
        );
      }
      const publicNames = draft.settings.publicNames ?? DEFAULT_PUBLIC_NAMES;
      const entries = toPublicEntries(draft.entries, personKey, publicNames);
      const { added, removed, changed } = diffEntries(previous?.entries ?? null, entries, { maxListed: 0 });
      diff = { added, removed, changed, prizes: diffPrizes(previous?.prizes, draft.prizes) };
      return {
        entries,
        settings: draft.settings,
        prizes: draft.prizes,
        // The full names stay on the server (snapshot_private_names), under the private checksum.
        ...(publicNames === 'full' ? {} : { fullNames: draft.entries.map((entry) => entry.name) }),
        audit: { actor, details: { diff } },
      };
    },
  });
  return { snapshot, diff };
}

/**
 * Publishes the draft and announces the new version to the wheel's displays. (The CLI and the
 * demo wheel publish with publishDraft alone: no display of this process is listening.)
 */
export async function publishDraftToDisplays(
  deps: { store: Store; events: WheelEventBus },
  slug: string,
  actor: string,
  publishedAt: Date,
): Promise<PublishResult> {
  const result = await publishDraft(deps.store, slug, actor, publishedAt);
  deps.events.publish(slug, { type: 'snapshot', data: { version: result.snapshot.version } });
  return result;
}

/** A winner of an earlier draw that publishing the draft would put back on the wheel. */
export interface ReturningWinner {
  ticket: string;
  name: string;
  /** The draw that removed it. */
  seq: number;
}

/**
 * The earlier winners (draws not voided) that the draft holds but the latest version does not: a
 * publish would put them back on the wheel (e.g. the original list uploaded again). The preview
 * names them so the organizer decides.
 */
export async function findReturningWinners(
  store: Store,
  slug: string,
  latestEntries: readonly Entry[] | null,
  draftEntries: readonly DraftEntry[],
): Promise<ReturningWinner[]> {
  if (latestEntries === null) return [];
  const onWheel = new Set(latestEntries.map((entry) => normalizeTicketKey(entry.ticket)));
  const inDraft = new Set(draftEntries.map((entry) => normalizeTicketKey(entry.ticket)));
  const returning = new Map<string, ReturningWinner>();
  for (const draw of await store.listDraws(slug)) {
    const key = normalizeTicketKey(draw.ticket);
    if (!draw.voided && inDraft.has(key) && !onWheel.has(key))
      returning.set(key, { ticket: draw.ticket, name: draw.name, seq: draw.seq });
  }
  return [...returning.values()];
}
