// One worker thread that reads lists one at a time, so the server keeps answering during a big import.
import { Worker } from 'node:worker_threads';
import type { ValidationReport } from '../../core/index.ts';
import type { EntryChunk } from './entry-chunks.ts';
import type { ReadJob } from './read-list.ts';
import { ACK_CANCELLED, ACK_STORED } from './worker-protocol.ts';

/** A read that takes longer than this is abandoned: the worker is stopped and the file reported corrupt. */
export const IMPORT_TIMEOUT_MS = 120_000;
/** The worker's heap ceiling; a file that needs more is reported, not allowed to take the server down. */
const WORKER_HEAP_LIMIT_MB = 2_048;
/**
 * A small young generation: a streaming read makes short-lived rows at a high rate, and V8's default
 * let them pile up between collections (the 1,000,000-row CSV's peak RSS 400-510 MB -> ~380 MB,
 * `npm run bench:import`), with no measurable cost to the read's speed.
 */
const WORKER_YOUNG_GENERATION_MB = 8;
/**
 * Built (dist/node/), the worker is plain JavaScript. From the TypeScript sources (tests, `npm run
 * dev`), worker-entry.mjs first registers tsx's loader in the worker thread, which does not inherit it.
 */
const WORKER_ENTRY = import.meta.url.endsWith('.ts')
  ? new URL('./worker-entry.mjs', import.meta.url)
  : new URL('./worker.js', import.meta.url);

export class WorkerFailure extends Error {}

/** Stores one streamed chunk; the next one is handed over only after it resolves. */
export type EntryChunkStorer = (chunk: EntryChunk) => Promise<void> | void;

interface PendingRead {
  id: number;
  bytes: Uint8Array;
  /** The caller gave the bytes away: they move to the worker without a copy. */
  handOver: boolean;
  job: ReadJob;
  timeoutMs: number;
  resolve: (report: ValidationReport) => void;
  /** A WorkerFailure, or what the chunk storer threw. */
  reject: (error: unknown) => void;
  /** Streaming reads only. */
  stream: { store: EntryChunkStorer; acks: Int32Array; stored: Promise<void>; failed: boolean } | null;
}

export class ImportWorkerPool {
  private worker: Worker | null = null;
  private readonly queue: PendingRead[] = [];
  private running: PendingRead | null = null;
  private timer: NodeJS.Timeout | null = null;
  private nextId = 1;

  /** `entry`: the worker's module (tests swap in a misbehaving one). */
  constructor(private readonly entry: URL = WORKER_ENTRY) {}

  /**
   * Reads a list in the worker. With `storeChunk` (and `job.streamEntries`), the accepted entries are
   * handed to it chunk by chunk, one at a time and in order, before the report resolves; when it
   * throws, the read stops and rejects with that error.
   */
  read(
    bytes: Uint8Array,
    job: ReadJob,
    timeoutMs = IMPORT_TIMEOUT_MS,
    storeChunk?: EntryChunkStorer,
    handOver = false,
  ): Promise<ValidationReport> {
    return new Promise((resolve, reject) => {
      const stream =
        storeChunk && job.streamEntries
          ? {
              store: storeChunk,
              acks: new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT)),
              stored: Promise.resolve(),
              failed: false,
            }
          : null;
      this.queue.push({ id: this.nextId++, bytes, handOver, job, timeoutMs, resolve, reject, stream });
      this.startNext();
    });
  }

  /** Stops the worker (tests, shutdown); queued reads fail. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    const running = this.running;
    this.finishRunning();
    running?.reject(new WorkerFailure('the import worker was closed'));
    for (const pending of this.queue.splice(0))
      pending.reject(new WorkerFailure('the import worker was closed'));
    if (worker) await worker.terminate();
  }

  private startNext(): void {
    if (this.running || this.queue.length === 0) return;
    const pending = this.queue.shift() as PendingRead;
    this.running = pending;
    const worker = this.ensureWorker();
    worker.ref();
    this.timer = setTimeout(() => {
      this.fail(`reading the file took longer than ${pending.timeoutMs} ms`);
    }, pending.timeoutMs);
    const bytes = ownedCopy(pending);
    const acks = pending.stream?.acks.buffer;
    worker.postMessage({ id: pending.id, bytes, job: pending.job, acks }, [bytes.buffer]);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.entry, {
      resourceLimits: {
        maxOldGenerationSizeMb: WORKER_HEAP_LIMIT_MB,
        maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB,
      },
    });
    worker.on('message', (message: { id?: number; report?: ValidationReport; chunk?: EntryChunk }) => {
      if (message.id === undefined || !this.running || message.id !== this.running.id) return;
      const pending = this.running;
      if (message.chunk) {
        this.storeChunk(pending, message.chunk);
        return;
      }
      this.finishRunning();
      this.startNext();
      const report = message.report as ValidationReport;
      if (!pending.stream) pending.resolve(report);
      else pending.stream.stored.then(() => pending.resolve(report), pending.reject);
    });
    worker.on('error', (error) => {
      if (this.worker === worker) this.fail(`the reader stopped: ${error.message}`);
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.fail(`the reader stopped (exit code ${code})`);
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /**
   * Chunks are stored one after another; each stored one lets the worker send one more. When storing
   * fails, the worker is told to stop; its report then arrives and the read rejects with the error.
   */
  private storeChunk(pending: PendingRead, chunk: EntryChunk): void {
    const stream = pending.stream;
    if (!stream) return;
    stream.stored = stream.stored.then(async () => {
      if (stream.failed) return;
      try {
        await stream.store(chunk);
      } catch (error) {
        stream.failed = true;
        Atomics.store(stream.acks, ACK_CANCELLED, 1);
        Atomics.notify(stream.acks, ACK_STORED);
        throw error;
      }
      Atomics.add(stream.acks, ACK_STORED, 1);
      Atomics.notify(stream.acks, ACK_STORED);
    });
    // The read's promise reports a storing failure; this keeps it from also being "unhandled" here.
    stream.stored.catch(() => {});
  }

  private finishRunning(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = null;
    this.worker?.unref();
  }

  private fail(reason: string): void {
    const pending = this.running;
    const worker = this.worker;
    this.worker = null;
    this.finishRunning();
    if (worker) void worker.terminate();
    const reject = () => pending?.reject(new WorkerFailure(reason));
    // A chunk being stored finishes first, so the caller never cleans up under a write still running.
    if (pending?.stream) {
      pending.stream.failed = true;
      pending.stream.stored.then(reject, reject);
    } else {
      reject();
    }
    this.startNext();
  }
}

/**
 * Bytes the worker may own: the caller's own when handed over and they are a whole ArrayBuffer
 * (a 4 MB copy blocked this thread ~20 ms: page faults on fresh memory), else a copy, so the caller's
 * buffer stays usable. NOTE: never bytes.slice() transferred: on a Node Buffer that is a view, and
 * transferring it would detach the caller's memory (or Buffer pool).
 */
function ownedCopy({ bytes, handOver }: PendingRead): Uint8Array<ArrayBuffer> {
  const whole =
    bytes.buffer instanceof ArrayBuffer &&
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength;
  if (handOver && whole) return bytes as Uint8Array<ArrayBuffer>;
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}
