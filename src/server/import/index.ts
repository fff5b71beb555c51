// Reads a participant list into the contract's validation report, in a worker thread.
import type { ValidationReport } from '../../core/index.ts';
import { resolveLimits } from './limits.ts';
import type { ImportLimits } from './limits.ts';
import { checkSize, fileErrorReport } from './file-checks.ts';
import type { ReadJob } from './read-list.ts';
import { IMPORT_TIMEOUT_MS, ImportWorkerPool, WorkerFailure } from './worker-pool.ts';
import type { EntryChunkStorer } from './worker-pool.ts';

export { DEFAULT_IMPORT_LIMITS, MAX_ROWS_CEILING } from './limits.ts';
export type { ImportLimits } from './limits.ts';
export type { EntryChunk } from './entry-chunks.ts';
export type { EntryChunkStorer } from './worker-pool.ts';

export interface ReadOptions {
  /** The user's file name, shown in the report (the format is decided by content). */
  fileName: string;
  limits?: Partial<ImportLimits>;
  /** Include `accepted` rows in the report. */
  includeAccepted?: boolean;
  /**
   * Streams the accepted entries instead (how a draft is built): handed over in order, in chunks of
   * JSON, each awaited before the next; the report resolves after the last one. The report may be
   * not ok after chunks were handed over: the receiver keeps them only once the report says so.
   * What it throws rejects the read (nothing else does).
   */
  onEntries?: EntryChunkStorer;
  /** How long the read may take before it is abandoned as `corrupt_file`. */
  timeoutMs?: number;
  /**
   * The caller gives the bytes away: a Uint8Array spanning its whole ArrayBuffer moves to the worker
   * without a copy and is detached (empty) afterwards. By default the worker reads a copy.
   */
  handOverBytes?: boolean;
}

let pool: ImportWorkerPool | null = null;

/** Reads and validates a participant list. Never throws for bad input: problems are in the report. */
export async function readParticipantList(
  bytes: Uint8Array,
  options: ReadOptions,
): Promise<ValidationReport> {
  const job: ReadJob = {
    fileName: options.fileName,
    limits: resolveLimits(options.limits),
    includeAccepted: options.includeAccepted ?? false,
    streamEntries: options.onEntries !== undefined,
  };
  const sizeProblem = checkSize(bytes, job);
  if (sizeProblem) return sizeProblem;
  pool ??= new ImportWorkerPool();
  try {
    return await pool.read(
      bytes,
      job,
      options.timeoutMs ?? IMPORT_TIMEOUT_MS,
      options.onEntries,
      options.handOverBytes ?? false,
    );
  } catch (error) {
    if (!(error instanceof WorkerFailure)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    return fileErrorReport(job.fileName, 'corrupt_file', `The file could not be read: ${reason}.`);
  }
}

/** Stops the import worker (server shutdown, tests). The next read starts a new one. */
export async function closeImportWorker(): Promise<void> {
  const current = pool;
  pool = null;
  await current?.close();
}
