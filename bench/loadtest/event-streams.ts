// Many raw SSE clients (node:http, one socket each) on GET /api/wheels/:slug/events, and the time
// until every one of them has seen a given `snapshot` version.
import { request as httpRequest, type ClientRequest } from 'node:http';

const OPEN_BATCH_SIZE = 250;
const OPEN_TIMEOUT_MS = 30_000;

interface Stream {
  request: ClientRequest;
  text: string;
  /** performance.now() when each `snapshot` version was first seen. */
  seenAt: Map<number, number>;
}

export interface EventStreams {
  count: number;
  /** Arrival times (ms after `sentAt`) of `snapshot` {version} on every stream, or null for those that missed it. */
  waitForVersion(version: number, sentAt: number, timeoutMs: number): Promise<Array<number | null>>;
  close(): void;
}

const SNAPSHOT_EVENT = /event: snapshot\ndata: \{"version":(\d+)\}/g;

function openOne(url: string, onFirstSeen: (version: number) => void): Promise<Stream> {
  return new Promise((resolveStream, reject) => {
    const request = httpRequest(url, { agent: false, headers: { accept: 'text/event-stream' } });
    const stream: Stream = { request, text: '', seenAt: new Map() };
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
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        const now = performance.now();
        stream.text += chunk;
        let boundary: number;
        while ((boundary = stream.text.lastIndexOf('\n\n')) >= 0) {
          const complete = stream.text.slice(0, boundary + 2);
          stream.text = stream.text.slice(boundary + 2);
          for (const match of complete.matchAll(SNAPSHOT_EVENT)) {
            const version = Number(match[1]);
            if (stream.seenAt.has(version)) continue;
            stream.seenAt.set(version, now);
            onFirstSeen(version);
          }
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

export async function openEventStreams(url: string, count: number): Promise<EventStreams> {
  const streams: Stream[] = [];
  const seenBy = new Map<number, number>();
  let waiter: { version: number; wake: () => void } | null = null;
  const onFirstSeen = (version: number) => {
    const seen = (seenBy.get(version) ?? 0) + 1;
    seenBy.set(version, seen);
    if (waiter && waiter.version === version && seen >= streams.length) waiter.wake();
  };
  try {
    for (let opened = 0; opened < count; opened += OPEN_BATCH_SIZE) {
      const batch = Math.min(OPEN_BATCH_SIZE, count - opened);
      streams.push(...(await Promise.all(Array.from({ length: batch }, () => openOne(url, onFirstSeen)))));
    }
  } catch (error) {
    for (const stream of streams) stream.request.destroy();
    throw error;
  }
  return {
    count: streams.length,
    async waitForVersion(version, sentAt, timeoutMs) {
      if ((seenBy.get(version) ?? 0) < streams.length) {
        await new Promise<void>((resolveWake) => {
          const timer = setTimeout(resolveWake, timeoutMs);
          waiter = {
            version,
            wake() {
              clearTimeout(timer);
              resolveWake();
            },
          };
        });
        waiter = null;
      }
      return streams.map((stream) => {
        const at = stream.seenAt.get(version);
        return at === undefined ? null : at - sentAt;
      });
    },
    close() {
      for (const stream of streams) stream.request.destroy();
    },
  };
}
