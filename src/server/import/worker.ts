// The worker thread's side: reads one list per message, answers with its report. A streaming read
// also sends its accepted entries in chunks before the report, and waits while too many of them are
// still being stored, so a fast reader never piles a whole list up in the server's memory.
import { parentPort } from 'node:worker_threads';
import type { EntryChunk } from './entry-chunks.ts';
import { readListInThisThread } from './read-list.ts';
import type { EntryChunkSink, ReadJob } from './read-list.ts';
import { ACK_CANCELLED, ACK_STORED, CHUNKS_IN_FLIGHT } from './worker-protocol.ts';

export interface WorkerRequest {
  id: number;
  bytes: Uint8Array;
  job: ReadJob;
  /** Int32Array over a SharedArrayBuffer: [chunks stored by the main thread, cancelled flag]. */
  acks?: SharedArrayBuffer;
}

/** How long one wait for the main thread lasts before the cancelled flag is looked at again. */
const ACK_WAIT_SLICE_MS = 1_000;

// NOTE: SheetJS prints parse remarks (`ODS number format may be incorrect`) with console.error;
// in this thread they would only fill the server's log with noise about users' files.
console.error = () => {};
console.warn = () => {};

if (!parentPort) throw new Error('worker.ts runs in a worker thread');
const port = parentPort;

function createChunkSender(id: number, acks: Int32Array): EntryChunkSink {
  let sent = 0;
  return (chunk: EntryChunk) => {
    port.postMessage({ id, chunk });
    sent++;
    for (;;) {
      if (Atomics.load(acks, ACK_CANCELLED) !== 0) throw new Error('the import was cancelled');
      const stored = Atomics.load(acks, ACK_STORED);
      if (stored >= sent - CHUNKS_IN_FLIGHT) return;
      Atomics.wait(acks, ACK_STORED, stored, ACK_WAIT_SLICE_MS);
    }
  };
}

port.on('message', (request: WorkerRequest) => {
  const sink = request.acks ? createChunkSender(request.id, new Int32Array(request.acks)) : undefined;
  const report = readListInThisThread(request.bytes, request.job, sink);
  port.postMessage({ id: request.id, report });
});
