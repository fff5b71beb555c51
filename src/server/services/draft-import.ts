// Importing a participant list into a wheel's draft. The reader streams the accepted entries in
// chunks of JSON straight into a staged batch of the draft (nothing parses them on this thread);
// only when the report allows it does one short transaction switch the draft over. A report that
// is not ok (unless the valid rows are asked for), a failure or a crash midway leave the draft as
// it was. In append mode (late registrations) the draft's entries are staged first and only the
// file's rows whose ticket is not on the draft yet are added.
import { normalizeTicket, type DraftEntry, type ValidationReport } from '../../core/index.ts';
import { ENTRY_CHUNK_SIZE, draftEntryOf } from '../import/entry-chunks.ts';
import type { ImportLimits } from '../import/limits.ts';
import type { ParticipantListReader } from '../plugins/services.ts';
import type { Store } from '../storage/store.ts';

export interface DraftImportRequest {
  slug: string;
  bytes: Uint8Array;
  /** The caller gives the bytes away (see ReadOptions.handOverBytes). */
  handOverBytes?: boolean;
  fileName: string;
  /** Import the rows without errors even when others have errors ("import the N valid rows"). */
  acceptValidRows: boolean;
  actor: string;
  limits: ImportLimits;
  /** Extra audit details, such as where the import came from. */
  auditDetails?: Record<string, unknown>;
  /** Keep the draft's entries and add the file's rows whose ticket is not on it yet. */
  append?: boolean;
}

/** Tickets named in the warning about rows an append skipped; the count is always complete. */
const SKIPPED_TICKETS_LISTED = 10;

export interface DraftImportResult {
  /** The validation report, without accepted rows. */
  report: Omit<ValidationReport, 'accepted'>;
  draftReplaced: boolean;
  /** Append mode: how many of the file's entries were added (the others were on the draft). */
  appended?: number;
}

/** Reads the file and replaces the draft when the report allows it. Throws AppError wheel_not_found. */
export async function importDraftFromFile(
  store: Store,
  readList: ParticipantListReader,
  request: DraftImportRequest,
): Promise<DraftImportResult> {
  const { slug } = request;
  const existing = request.append ? ((await store.getDraft(slug))?.entries ?? []) : [];
  const existingTickets = new Set(existing.map((entry) => normalizeTicket(entry.ticket)));
  const skippedTickets: string[] = [];
  let skipped = 0;
  let appended = 0;
  const staging = await store.stageDraftEntries(slug);
  /** Stages a chunk of the file's entries; in append mode, without the tickets the draft has. */
  const stageFileEntries = async (json: string, count: number): Promise<void> => {
    if (!request.append) return staging.append(json, count);
    const fresh = (JSON.parse(json) as DraftEntry[]).filter((entry) => {
      if (!existingTickets.has(normalizeTicket(entry.ticket))) return true;
      skipped++;
      if (skippedTickets.length < SKIPPED_TICKETS_LISTED) skippedTickets.push(entry.ticket);
      return false;
    });
    appended += fresh.length;
    if (fresh.length > 0) await staging.append(JSON.stringify(fresh), fresh.length);
  };
  let report: ValidationReport;
  try {
    for (let start = 0; start < existing.length; start += ENTRY_CHUNK_SIZE) {
      const part = existing.slice(start, start + ENTRY_CHUNK_SIZE);
      await staging.append(JSON.stringify(part), part.length);
    }
    report = await readList(request.bytes, {
      fileName: request.fileName,
      limits: request.limits,
      includeAccepted: true,
      handOverBytes: request.handOverBytes ?? false,
      onEntries: (chunk) => stageFileEntries(chunk.json, chunk.count),
    });
    // A reader that does not stream (a test seam) hands its rows over in the report instead.
    if (report.accepted && report.accepted.length > 0) {
      const entries: DraftEntry[] = report.accepted.map(draftEntryOf);
      await stageFileEntries(JSON.stringify(entries), entries.length);
    }
  } catch (error) {
    await staging.discard();
    throw error;
  }
  const { accepted: _accepted, ...reportWithoutRows } = report;
  if (skipped > 0)
    reportWithoutRows.warnings = [
      ...reportWithoutRows.warnings,
      {
        code: 'already_in_draft',
        message: `${skipped} row${skipped === 1 ? '' : 's'} skipped: ticket already in the draft (${skippedTickets.join(', ')}${skipped > skippedTickets.length ? ', …' : ''})`,
      },
    ];
  const draftReplaced =
    report.ok || (request.acceptValidRows && report.fileError === null && report.entries > 0);
  if (!draftReplaced) {
    await staging.discard();
    return { report: reportWithoutRows, draftReplaced, ...(request.append ? { appended: 0 } : {}) };
  }
  await staging.commit({
    actor: request.actor,
    action: 'import',
    wheel: slug,
    details: {
      fileName: report.file.name,
      format: report.file.format,
      rows: report.rows,
      entries: report.entries,
      rowErrors: report.errors.length,
      acceptValidRows: request.acceptValidRows,
      ...(request.append ? { mode: 'append', appended, skipped } : {}),
      ...request.auditDetails,
    },
  });
  return { report: reportWithoutRows, draftReplaced, ...(request.append ? { appended } : {}) };
}
