// The event's results as the organizer downloads them (GET /api/admin/wheels/:slug/draws?format=
// csv|xlsx): one row per draw, grouped by prize in running order, each batch's winners then its
// reserves, declines and substitutions side by side, rehearsal draws left out. Plain headers for
// people first (prize, place, who, how to reach them, what happened, when, by whom), technical
// fields last. The person is the raw value from the draft (this file is the organizer's, not public).
import {
  collectExtraColumns,
  normalizeTicketKey,
  type CertificateWinnerStatus,
  type DraftEntry,
  type Entry,
  type Prize,
} from '../../core/index.ts';
import type { StoredDraw, Store } from '../storage/store.ts';
import { describeActor, loadPresenterLabels } from './actor-labels.ts';
import { drawsWithFullNames } from './private-names.ts';
import type { SnapshotReader } from './snapshot-reader.ts';
import type { ExportCell } from './spreadsheet-export.ts';

export interface ResultsTable {
  columns: string[];
  rows: ExportCell[][];
}

export interface ResultsSources {
  /** The wheel's draw log, any order (rehearsal draws are left out here). */
  draws: readonly StoredDraw[];
  /** The latest snapshot's prizes, in running order ([] on a wheel without prizes). */
  prizes: readonly Prize[];
  /** Names of prizes that draws refer to but the latest snapshot no longer has. */
  formerPrizeNames?: ReadonlyMap<string, string>;
  /** The latest draft's entries: the participant's row (person, group, other columns) by ticket. */
  entries: readonly DraftEntry[];
  /** Group by ticket from the latest snapshot, for tickets the draft no longer has. */
  publishedEntries?: readonly Entry[];
  /** Presenter link id → its label (startedBy `presenter-key:<id>`). */
  presenterLabels: ReadonlyMap<string, string>;
  /** An IANA time zone (isTimeZone) for "Drawn at". */
  timeZone: string;
}

export type ResultStatus = CertificateWinnerStatus | 'voided';

/** Whether `name` is a time zone this runtime knows (an IANA name such as `Europe/Lisbon`, or `UTC`). */
export function isTimeZone(name: string): boolean {
  if (name === '' || name.length > 100) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The server's own time zone: the default of the export's "Drawn at". */
export function serverTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Formats ISO instants as `2026-12-06 21:03:05` wall-clock time in `timeZone`. */
export function createTimeFormatter(timeZone: string): (iso: string) => string {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  return (iso) => {
    const parts: Record<string, string> = {};
    for (const part of format.formatToParts(new Date(iso))) parts[part.type] = part.value;
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
  };
}

function describeDraw(draw: StoredDraw): string {
  return `${draw.name} (ticket ${draw.ticket}, seq ${draw.seq})`;
}

/** The draws of one prize (or of no prize) in the export's order: batch by batch, winners, then reserves; each substitute right after the place it took. */
function orderPrizeDraws(draws: readonly StoredDraw[]): StoredDraw[] {
  const bySeq = new Set(draws.map((draw) => draw.seq));
  const substitutesOf = new Map<number, StoredDraw[]>();
  const roots: StoredDraw[] = [];
  for (const draw of draws) {
    if (draw.substitutes !== null && bySeq.has(draw.substitutes)) {
      const list = substitutesOf.get(draw.substitutes) ?? [];
      list.push(draw);
      substitutesOf.set(draw.substitutes, list);
    } else roots.push(draw);
  }
  const batchKey = (draw: StoredDraw) => draw.batchId ?? `seq:${draw.seq}`;
  const batchFirstSeq = new Map<string, number>();
  for (const draw of roots) {
    const key = batchKey(draw);
    batchFirstSeq.set(key, Math.min(batchFirstSeq.get(key) ?? Infinity, draw.seq));
  }
  const roleOrder = (draw: StoredDraw) => (draw.role === 'winner' ? 0 : draw.role === 'reserve' ? 1 : 2);
  roots.sort(
    (a, b) =>
      batchFirstSeq.get(batchKey(a))! - batchFirstSeq.get(batchKey(b))! ||
      roleOrder(a) - roleOrder(b) ||
      (a.rank ?? 0) - (b.rank ?? 0) ||
      a.seq - b.seq,
  );
  const ordered: StoredDraw[] = [];
  const emit = (draw: StoredDraw) => {
    ordered.push(draw);
    for (const substitute of (substitutesOf.get(draw.seq) ?? []).sort((a, b) => a.seq - b.seq))
      emit(substitute);
  };
  roots.forEach(emit);
  return ordered;
}

/**
 * Draws in the event's running order: the prizes of `running` in that order, then prizes it no
 * longer has (by their first draw), then draws without a prize; within a prize, orderPrizeDraws.
 * Shared by the results export and the draw certificate.
 */
export function orderDrawsByPrize(draws: readonly StoredDraw[], running: readonly string[]): StoredDraw[] {
  const byPrize = new Map<string | null, StoredDraw[]>();
  for (const draw of [...draws].sort((a, b) => a.seq - b.seq)) {
    const list = byPrize.get(draw.prizeId) ?? [];
    list.push(draw);
    byPrize.set(draw.prizeId, list);
  }
  const former = [...byPrize.keys()].filter((id): id is string => id !== null && !running.includes(id));
  const ordered: StoredDraw[] = [];
  for (const prizeId of [...running, ...former, null])
    ordered.push(...orderPrizeDraws(byPrize.get(prizeId) ?? []));
  return ordered;
}

/** What happened to each draw of `draws` (the wheel's non-rehearsal draws): won, declined, reserve, reserve used, voided. */
export function createStatusOf(draws: readonly StoredDraw[]): (draw: StoredDraw) => ResultStatus {
  const promoted = new Set<number>();
  for (const draw of draws) if (draw.promotedFrom !== null && !draw.voided) promoted.add(draw.promotedFrom);
  return (draw) =>
    draw.voided
      ? 'voided'
      : draw.declined !== null
        ? 'declined'
        : draw.role === 'reserve'
          ? promoted.has(draw.seq)
            ? 'reserve used'
            : 'reserve'
          : 'won';
}

/**
 * The results table. Ordering: the latest snapshot's prizes in running order, then prizes it no
 * longer has (by their first draw), then draws without a prize; on a wheel without prizes, by seq
 * with no prize columns.
 */
export function buildResultsTable(sources: ResultsSources): ResultsTable {
  const draws = sources.draws.filter((draw) => !draw.rehearsal);
  const withPrizes = sources.prizes.length > 0 || draws.some((draw) => draw.prizeId !== null);

  const entryByTicket = new Map<string, DraftEntry>();
  for (const entry of sources.entries) entryByTicket.set(normalizeTicketKey(entry.ticket), entry);
  const publishedGroup = new Map<string, string>();
  for (const entry of sources.publishedEntries ?? [])
    if (entry.group !== undefined) publishedGroup.set(normalizeTicketKey(entry.ticket), entry.group);
  const extraColumns = collectExtraColumns(sources.entries);
  const withPersons = withPrizes || sources.entries.some((entry) => entry.person !== undefined);
  const withGroups = withPrizes || sources.entries.some((entry) => entry.group !== undefined);

  const drawBySeq = new Map(draws.map((draw) => [draw.seq, draw]));
  const substitutesOf = new Map<number, StoredDraw[]>();
  const promotedBy = new Map<number, StoredDraw>();
  for (const draw of draws) {
    if (draw.substitutes !== null) {
      const list = substitutesOf.get(draw.substitutes) ?? [];
      list.push(draw);
      substitutesOf.set(draw.substitutes, list);
    }
    if (draw.promotedFrom !== null && !draw.voided) promotedBy.set(draw.promotedFrom, draw);
  }
  const statusOf = createStatusOf(draws);
  /** The draw whose place this one took: its own `substitutes`, or, for a used reserve, its promotion's. */
  const replacedBy = (draw: StoredDraw): StoredDraw | undefined => {
    const target = draw.substitutes ?? promotedBy.get(draw.seq)?.substitutes ?? null;
    return target === null ? undefined : drawBySeq.get(target);
  };

  const prizeNames = new Map<string, string>(sources.formerPrizeNames ?? []);
  for (const prize of sources.prizes) prizeNames.set(prize.id, prize.name);
  const ordered = withPrizes
    ? orderDrawsByPrize(
        draws,
        sources.prizes.map((prize) => prize.id),
      )
    : [...draws].sort((a, b) => a.seq - b.seq);

  const timeColumn = `Drawn at (${sources.timeZone})`;
  const formatTime = createTimeFormatter(sources.timeZone);
  const fixed = new Set<string>();
  const columns: string[] = [];
  const cells: Array<(draw: StoredDraw, entry: DraftEntry | undefined) => ExportCell> = [];
  const column = (header: string, cell: (draw: StoredDraw, entry: DraftEntry | undefined) => ExportCell) => {
    fixed.add(header.toLowerCase());
    columns.push(header);
    cells.push(cell);
  };
  const place = (draw: StoredDraw): number | null => draw.rank ?? replacedBy(draw)?.rank ?? null;

  if (withPrizes) {
    column('Prize', (draw) => (draw.prizeId === null ? '' : (prizeNames.get(draw.prizeId) ?? draw.prizeId)));
    column('Place', (draw) => place(draw));
    column('Role', (draw) => draw.role ?? '');
  }
  column('Ticket', (draw) => draw.ticket);
  column('Name', (draw) => draw.name);
  if (withPersons) column('Person', (_, entry) => entry?.person ?? '');
  if (withGroups)
    column(
      'Group',
      (draw, entry) => entry?.group ?? publishedGroup.get(normalizeTicketKey(draw.ticket)) ?? '',
    );
  const afterExtras: typeof cells = [];
  const afterHeaders: string[] = [];
  const later = (header: string, cell: (draw: StoredDraw, entry: DraftEntry | undefined) => ExportCell) => {
    fixed.add(header.toLowerCase());
    afterHeaders.push(header);
    afterExtras.push(cell);
  };
  later('Status', (draw) => statusOf(draw));
  if (withPrizes) {
    later('Decline reason', (draw) => draw.declined?.reason ?? '');
    later('Replaces', (draw) => {
      const replaced = replacedBy(draw);
      return replaced ? describeDraw(replaced) : '';
    });
    later('Replaced by', (draw) =>
      draw.declined === null
        ? ''
        : (substitutesOf.get(draw.seq) ?? [])
            .filter((substitute) => !substitute.voided)
            .map(describeDraw)
            .join('; '),
    );
  }
  later('Void reason', (draw) => draw.voidReason ?? '');
  later(timeColumn, (draw) => formatTime(draw.createdAt));
  later('Started by', (draw) => describeActor(draw.startedBy, sources.presenterLabels));
  later('Seq', (draw) => draw.seq);
  later('Index', (draw) => draw.targetIndex);
  later('Version', (draw) => draw.version);
  later('Checksum', (draw) => draw.checksum ?? '');
  later('Mode', (draw) => draw.mode);
  later('Draw id', (draw) => draw.id);
  if (withPrizes) later('Batch id', (draw) => draw.batchId ?? '');

  // The participant's other columns (email, department…) between who and what happened; a column
  // named like one of ours is labelled as the list's.
  for (const extra of extraColumns) {
    columns.push(fixed.has(extra.toLowerCase()) ? `${extra} (list)` : extra);
    cells.push((_, entry) => entry?.extra?.[extra] ?? '');
  }
  columns.push(...afterHeaders);
  cells.push(...afterExtras);

  const rows = ordered.map((draw) => {
    const entry = entryByTicket.get(normalizeTicketKey(draw.ticket));
    return cells.map((cell) => cell(draw, entry));
  });
  return { columns, rows };
}

/** Gathers what buildResultsTable needs for one wheel: draws, latest snapshot and draft, presenter labels. */
export async function loadResultsTable(
  services: { store: Store; snapshots: SnapshotReader },
  slug: string,
  timeZone: string,
): Promise<ResultsTable> {
  const { store, snapshots } = services;
  const [draws, draft, latest] = await Promise.all([
    store.listDraws(slug).then((found) => drawsWithFullNames(store, slug, found)),
    store.getDraft(slug),
    snapshots.readLatest(slug),
  ]);
  const presenterLabels = await loadPresenterLabels(
    store,
    draws.map((draw) => ({ wheel: slug, actor: draw.startedBy })),
  );
  const prizes = latest?.snapshot.prizes ?? [];
  const running = new Set(prizes.map((prize) => prize.id));
  // A prize removed since it was drawn keeps the name it had in the snapshot it was drawn from.
  const formerPrizeNames = new Map<string, string>();
  const formerVersions = new Map<string, number>();
  for (const draw of draws)
    if (draw.prizeId !== null && !running.has(draw.prizeId) && !formerVersions.has(draw.prizeId))
      formerVersions.set(draw.prizeId, draw.version);
  for (const [prizeId, version] of formerVersions) {
    const drawn = await snapshots.readVersion(slug, version);
    const prize = drawn?.snapshot.prizes?.find((candidate) => candidate.id === prizeId);
    if (prize) formerPrizeNames.set(prizeId, prize.name);
  }
  return buildResultsTable({
    draws,
    prizes,
    formerPrizeNames,
    entries: draft?.entries ?? [],
    publishedEntries: latest?.snapshot.entries ?? [],
    presenterLabels,
    timeZone,
  });
}
