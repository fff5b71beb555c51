// A draw a display made by itself, recorded once the server answers again: mode `offline` (the
// server was unreachable) or `fallback` (the server's plan did not check out on the display).
// Idempotent by the draw's id: a repeated upload is answered with the draw already recorded.
import type { OfflineDrawUpload, RecordedDraw } from '../../core/index.ts';
import { AppError } from '../errors.ts';
import type { Store } from '../storage/store.ts';
import type { SnapshotReader } from './snapshot-reader.ts';

export interface OfflineDrawDependencies {
  store: Store;
  snapshots: SnapshotReader;
  clock: () => Date;
  /** Counts the draw by mode (admin-only metrics). */
  metrics: { draws: { inc(labels: { wheel: string; mode: string }): void } };
}

/** The recorded draw, and whether this upload recorded it (false: an earlier one did). */
export interface OfflineDrawOutcome {
  created: boolean;
  draw: RecordedDraw;
}

export async function recordOfflineDraw(
  deps: OfflineDrawDependencies,
  slug: string,
  upload: OfflineDrawUpload,
  actor: string,
  log: { warn(details: object, message: string): void },
): Promise<OfflineDrawOutcome> {
  const existing = async () => {
    const draw = (await deps.store.listDraws(slug)).find((candidate) => candidate.id === upload.id);
    return draw && { created: false, draw: { id: draw.id, seq: draw.seq, mode: draw.mode } };
  };
  const already = await existing();
  if (already) return already;

  const verified = await deps.snapshots.readVersion(slug, upload.version);
  if (!verified) throw new AppError('not_found', `No version ${upload.version} on wheel ${slug}`);
  const entry = verified.snapshot.entries[upload.targetIndex];
  if (!entry || entry.ticket !== upload.ticket)
    throw new AppError('invalid_request', 'At targetIndex: not that ticket in that version');
  try {
    // NOTE: recorded only on the version that is still the latest (the store's draw transaction
    // checks it); an upload for an older version is answered 409 and stays in the display's outbox
    // log. removeWinners is not applied to a draw made offline: the screens already moved on.
    const result = await deps.store.recordDraw(slug, {
      expectedVersion: upload.version,
      createdAt: deps.clock().toISOString(),
      startedBy: actor,
      displayId: upload.displayId ?? null,
      // The draw already happened on the display: a spin turning on the server's side cannot undo it.
      checkSpinInProgress: false,
      decide: () => ({
        draw: {
          id: upload.id,
          ticket: entry.ticket,
          name: entry.name,
          targetIndex: upload.targetIndex,
          mode: upload.mode,
          rotations: upload.rotations,
          landingFraction: upload.landingFraction,
          durationMs: upload.durationMs,
        },
        remainingPlan: null,
        auditDetails: {
          drawnAt: upload.drawnAt,
          ...(upload.problem === undefined ? {} : { problem: upload.problem }),
          ...(upload.refusedSpinId === undefined ? {} : { refusedSpinId: upload.refusedSpinId }),
        },
        nextEntries: null,
      }),
    });
    deps.metrics.draws.inc({ wheel: slug, mode: result.draw.mode });
    log.warn(
      { wheel: slug, drawId: upload.id, mode: upload.mode, problem: upload.problem },
      'display draw recorded',
    );
    return { created: true, draw: { id: result.draw.id, seq: result.draw.seq, mode: result.draw.mode } };
  } catch (error) {
    // Two uploads of one draw at once: the second insert fails on the id; answer as a repeat.
    const raced = await existing();
    if (raced) return raced;
    throw error;
  }
}
