// One load-generator process holding many raw SSE clients (node:http, one socket each) on
// GET /api/wheels/:slug/events, run by event-streams.ts. It records when each stream first saw
// each `snapshot` version, as wall-clock time (performance.timeOrigin + now), so the parent can
// compare arrivals across processes. IPC: → {open, count}; ← {wait, version, timeoutMs};
// → {arrivals, version, at: (ms | null)[]}; ← {close}.
import { request as httpRequest, type ClientRequest } from 'node:http';

const OPEN_TIMEOUT_MS = 30_000;
const SNAPSHOT_EVENT = /event: snapshot\ndata: \{"version":(\d+)\}/g;

export type ParentMessage = { type: 'wait'; version: number; timeoutMs: number } | { type: 'close' };
export type ChildMessage =
  | { type: 'open'; count: number }
  | { type: 'failed'; message: string }
  | { type: 'arrivals'; version: number; at: Array<number | null> };

interface Stream {
  request: ClientRequest;
  /** Text after the last complete event. */
  rest: string;
  /** Wall-clock ms when each `snapshot` version was first seen. */
  seenAt: Map<number, number>;
}

const wallNow = () => performance.timeOrigin + performance.now();

function openOne(url: string, onFirstSeen: (version: number) => void): Promise<Stream> {
  return new Promise((resolveStream, reject) => {
    const request = httpRequest(url, { agent: false, headers: { accept: 'text/event-stream' } });
    const stream: Stream = { request, rest: '', seenAt: new Map() };
    const timer = setTimeout(() => reject(new Error('stream did not open in time')), OPEN_TIMEOUT_MS);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.on('response', (response) => {
      if (response.statusCode !== 200) {
        clearTimeout(timer);
        reject(new Error(`events answered ${response.statusCode}`));
        return;
      }
      response.setEncoding('latin1');
      response.on('data', (chunk: string) => {
        const now = wallNow();
        const text = stream.rest + chunk;
        const boundary = text.lastIndexOf('\n\n');
        if (boundary < 0) {
          stream.rest = text;
          return;
        }
        stream.rest = text.slice(boundary + 2);
        for (const match of text.slice(0, boundary + 2).matchAll(SNAPSHOT_EVENT)) {
          const version = Number(match[1]);
          if (stream.seenAt.has(version)) continue;
          stream.seenAt.set(version, now);
          onFirstSeen(version);
        }
        // Open once the first event (the current version) is in: the stream is subscribed by then.
        if (stream.seenAt.size > 0) {
          clearTimeout(timer);
          resolveStream(stream);
        }
      });
    });
    request.end();
  });
}

async function runClient(url: string, count: number, openBatchSize: number): Promise<void> {
  const send = (message: ChildMessage) => process.send?.(message);
  const streams: Stream[] = [];
  const seenBy = new Map<number, number>();
  let waiter: { version: number; wake: () => void } | null = null;
  const onFirstSeen = (version: number) => {
    const seen = (seenBy.get(version) ?? 0) + 1;
    seenBy.set(version, seen);
    if (waiter && waiter.version === version && seen >= streams.length) waiter.wake();
  };
  try {
    for (let opened = 0; opened < count; opened += openBatchSize) {
      const batch = Math.min(openBatchSize, count - opened);
      streams.push(...(await Promise.all(Array.from({ length: batch }, () => openOne(url, onFirstSeen)))));
    }
  } catch (error) {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'close') {
      for (const stream of streams) stream.request.destroy();
      process.disconnect();
      return;
    }
    const { version, timeoutMs } = message;
    const report = () => {
      waiter = null;
      send({ type: 'arrivals', version, at: streams.map((stream) => stream.seenAt.get(version) ?? null) });
    };
    if ((seenBy.get(version) ?? 0) >= streams.length) return report();
    const timer = setTimeout(report, timeoutMs);
    waiter = {
      version,
      wake() {
        clearTimeout(timer);
        report();
      },
    };
  });
  send({ type: 'open', count: streams.length });
}

const [url, count, openBatchSize] = process.argv.slice(2);
if (url !== undefined && count !== undefined && openBatchSize !== undefined)
  await runClient(url, Number(count), Number(openBatchSize));
