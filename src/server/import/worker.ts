// The worker thread's side: reads one list per message, answers with its report.
import { parentPort } from 'node:worker_threads';
import { readListInThisThread } from './read-list.ts';
import type { ReadJob } from './read-list.ts';

export interface WorkerRequest {
  id: number;
  bytes: Uint8Array;
  job: ReadJob;
}

// NOTE: SheetJS prints parse remarks (`ODS number format may be incorrect`) with console.error;
// in this thread they would only fill the server's log with noise about users' files.
console.error = () => {};
console.warn = () => {};

if (!parentPort) throw new Error('worker.ts runs in a worker thread');
const port = parentPort;
port.on('message', (request: WorkerRequest) => {
  const report = readListInThisThread(request.bytes, request.job);
  port.postMessage({ id: request.id, report });
});
