// One worker thread that reads lists one at a time, so the server keeps answering during a big import.
import { Worker } from 'node:worker_threads';
import type { ValidationReport } from '../../core/index.ts';
import type { ReadJob } from './read-list.ts';

/** A read that takes longer than this is abandoned: the worker is stopped and the file reported corrupt. */
export const IMPORT_TIMEOUT_MS = 120_000;
/** The worker's heap ceiling; a file that needs more is reported, not allowed to take the server down. */
const WORKER_HEAP_LIMIT_MB = 2_048;
const WORKER_ENTRY = new URL('./worker-entry.mjs', import.meta.url);

export class WorkerFailure extends Error {}

interface PendingRead {
  id: number;
  bytes: Uint8Array;
  job: ReadJob;
  timeoutMs: number;
  resolve: (report: ValidationReport) => void;
  reject: (error: WorkerFailure) => void;
}

export class ImportWorkerPool {
  private worker: Worker | null = null;
  private readonly queue: PendingRead[] = [];
  private running: PendingRead | null = null;
  private timer: NodeJS.Timeout | null = null;
  private nextId = 1;

  /** `entry`: the worker's module (tests swap in a misbehaving one). */
  constructor(private readonly entry: URL = WORKER_ENTRY) {}

  read(bytes: Uint8Array, job: ReadJob, timeoutMs = IMPORT_TIMEOUT_MS): Promise<ValidationReport> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, bytes, job, timeoutMs, resolve, reject });
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
    // A copy the worker owns, so the caller's buffer stays usable. NOTE: not bytes.slice(): on a Node
    // Buffer that is a view, and transferring it would detach the caller's memory (or Buffer pool).
    const copy = new Uint8Array(pending.bytes.byteLength);
    copy.set(pending.bytes);
    worker.postMessage({ id: pending.id, bytes: copy, job: pending.job }, [copy.buffer]);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.entry, {
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_LIMIT_MB },
    });
    worker.on('message', (message: { id?: number; report?: ValidationReport }) => {
      if (message.id === undefined || !this.running || message.id !== this.running.id) return;
      const pending = this.running;
      this.finishRunning();
      pending.resolve(message.report as ValidationReport);
      this.startNext();
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
    pending?.reject(new WorkerFailure(reason));
    this.startNext();
  }
}
