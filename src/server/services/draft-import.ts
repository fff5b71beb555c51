// Importing a participant list into a wheel's draft. The reader streams the accepted entries in
// chunks of JSON straight into a staged batch of the draft (nothing parses them on this thread);
// only when the report allows it does one short transaction switch the draft over. A report that
// is not ok (unless the valid rows are asked for), a failure or a crash midway leave the draft as
// it was.
import type { DraftEntry, ValidationReport } from '../../core/index.ts';
import { draftEntryOf } from '../import/entry-chunks.ts';
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
}

export interface DraftImportResult {
  /** The validation report, without accepted rows. */
  report: Omit<ValidationReport, 'accepted'>;
  draftReplaced: boolean;
}

/** Reads the file and replaces the draft when the report allows it. Throws AppError wheel_not_found. */
export async function importDraftFromFile(
  store: Store,
  readList: ParticipantListReader,
  request: DraftImportRequest,
): Promise<DraftImportResult> {
  const { slug } = request;
  const staging = await store.stageDraftEntries(slug);
  let report: ValidationReport;
  try {
    report = await readList(request.bytes, {
      fileName: request.fileName,
      limits: request.limits,
      includeAccepted: true,
      handOverBytes: request.handOverBytes ?? false,
      onEntries: (chunk) => staging.append(chunk.json, chunk.count),
    });
    // A reader that does not stream (a test seam) hands its rows over in the report instead.
    if (report.accepted && report.accepted.length > 0) {
      const entries: DraftEntry[] = report.accepted.map(draftEntryOf);
      await staging.append(JSON.stringify(entries), entries.length);
    }
  } catch (error) {
    await staging.discard();
    throw error;
  }
  const { accepted: _accepted, ...reportWithoutRows } = report;
  const draftReplaced =
    report.ok || (request.acceptValidRows && report.fileError === null && report.entries > 0);
  if (!draftReplaced) {
    await staging.discard();
    return { report: reportWithoutRows, draftReplaced };
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
      ...request.auditDetails,
    },
  });
  return { report: reportWithoutRows, draftReplaced };
}
