// An open-loop poll load: N displays, each polling on its own timer (a random phase in the poll
// interval, then every interval), over a pool of keep-alive connections (as through a reverse
// proxy). Latency is taken from the moment a poll was DUE, not from when a free connection sent
// it, so a server that falls behind is charged for the wait (no coordinated omission).
// NOTE: autocannon's overallRate mode is not used for this: it sends each connection's share of a
// second back to back at the start of every second (2,000 requests in a burst at full speed, then
// silence), and its coordinated-omission correction at 10 requests/s per connection back-fills
// synthetic samples 1 ms apart below every slow answer. Neither is what 10,000 screens do.
// NOTE: node:http's client costs more CPU per request than the server's poll answer; on a busy
// 2-core machine it fell behind its own schedule and billed the server for it. The polls go over
// raw keep-alive sockets instead, with prebuilt request bytes and a minimal response reader.
import { connect, type Socket } from 'node:net';

const SCHEDULER_TICK_MS = 1;
const HEADER_END = Buffer.from('\r\n\r\n');

export interface PollRequest {
  path: string;
  headers: Record<string, string>;
}

export interface PollLoadOptions {
  url: string;
  displays: number;
  intervalMs: number;
  connections: number;
  /** Polls due before this many ms are sent but not measured (every display polls once: a warm server). */
  warmUpMs: number;
  measureMs: number;
  timeoutMs: number;
  /** The request a display sends. */
  requestFor(display: number): PollRequest;
}

export interface PollLoadResult {
  measured: number;
  ratePerS: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  statusCounts: Map<number, number>;
  /** Socket errors, closed connections, timeouts and unreadable answers. */
  failures: number;
  firstFailure: string | null;
}

interface Connection {
  socket: Socket;
  /** Bytes of the current answer so far. */
  buffered: Buffer;
  /** Set while a poll is in flight on this connection. */
  onAnswer: ((status: number | null, failure?: string) => void) | null;
}

function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] as number;
}

/** The bytes of one GET request on a keep-alive connection. */
function encodeRequest(host: string, request: PollRequest): Buffer {
  const lines = [`GET ${request.path} HTTP/1.1`, `Host: ${host}`];
  for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${value}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

/** A response's status and body length from its header block, or what is wrong with it. */
function readHead(head: string): { status: number; bodyBytes: number } | string {
  const status = Number(head.slice(9, 12));
  if (!head.startsWith('HTTP/1.1 ') || !Number.isInteger(status))
    return `bad status line: ${head.slice(0, 40)}`;
  if (/\r\ntransfer-encoding:/i.test(head))
    return 'a chunked answer (the poll load reads Content-Length only)';
  const length = /\r\ncontent-length: *(\d+)/i.exec(head);
  return { status, bodyBytes: length ? Number(length[1]) : 0 };
}

export async function runPollLoad(options: PollLoadOptions): Promise<PollLoadResult> {
  const target = new URL(options.url);
  const phases = Array.from({ length: options.displays }, () => Math.random() * options.intervalMs);
  const order = phases.map((_, display) => display).sort((a, b) => phases[a]! - phases[b]!);
  const encoded = new Map<string, Buffer>();
  const requestBytes = order.map((display) => {
    const request = options.requestFor(display);
    const key = `${request.path}\n${JSON.stringify(request.headers)}`;
    const bytes = encoded.get(key) ?? encodeRequest(target.host, request);
    encoded.set(key, bytes);
    return bytes;
  });
  const totalMs = options.warmUpMs + options.measureMs;
  const latencies = new Float64Array(
    Math.ceil((options.displays * options.measureMs) / options.intervalMs) + options.displays,
  );
  let measured = 0;
  let inFlight = 0;
  let failures = 0;
  let firstFailure: string | null = null;
  const statusCounts = new Map<number, number>();
  /** Polls that fell due while every connection was busy: they wait, and the wait is counted. */
  const waiting: Array<{ bytes: Buffer; dueAt: number }> = [];
  let waitingHead = 0;
  const idle: Connection[] = [];
  let scheduling = true;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const startedAt = performance.now();

  const finishIfIdle = () => {
    if (!scheduling && inFlight === 0 && waitingHead === waiting.length) resolveDone();
  };
  const release = (connection: Connection, status: number | null, failure?: string) => {
    const onAnswer = connection.onAnswer;
    connection.onAnswer = null;
    onAnswer?.(status, failure);
    const next = waitingHead < waiting.length ? waiting[waitingHead++] : undefined;
    if (next) send(connection, next.bytes, next.dueAt);
    else {
      idle.push(connection);
      finishIfIdle();
    }
  };
  const fail = (connection: Connection, failure: string) => {
    if (connection.onAnswer === null) return;
    connection.socket.removeAllListeners();
    connection.socket.on('error', () => undefined);
    connection.socket.destroy();
    attach(connection);
    release(connection, null, failure);
  };
  const attach = (connection: Connection) => {
    const socket = connect({ host: target.hostname, port: Number(target.port), noDelay: true });
    connection.socket = socket;
    connection.buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      const bytes = connection.buffered.length === 0 ? chunk : Buffer.concat([connection.buffered, chunk]);
      connection.buffered = bytes;
      const headEnd = bytes.indexOf(HEADER_END);
      if (headEnd < 0) return;
      const head = readHead(bytes.toString('latin1', 0, headEnd));
      if (typeof head === 'string') return fail(connection, head);
      const answerBytes = headEnd + HEADER_END.length + head.bodyBytes;
      if (bytes.length < answerBytes) return;
      if (bytes.length > answerBytes || connection.onAnswer === null)
        return fail(connection, 'bytes that answer no request');
      connection.buffered = Buffer.alloc(0);
      release(connection, head.status);
    });
    socket.on('error', (error) => fail(connection, error.message));
    socket.on('close', () => fail(connection, 'connection closed by the server'));
  };
  const send = (connection: Connection, bytes: Buffer, dueAt: number) => {
    const counted = dueAt - startedAt >= options.warmUpMs;
    inFlight += 1;
    const timer = setTimeout(
      () => fail(connection, `no answer within ${options.timeoutMs} ms`),
      options.timeoutMs,
    );
    connection.onAnswer = (status, failure) => {
      clearTimeout(timer);
      inFlight -= 1;
      if (!counted) return;
      if (status === null) {
        failures += 1;
        firstFailure ??= failure ?? 'unknown failure';
      } else {
        statusCounts.set(status, (statusCounts.get(status) ?? 0) + 1);
        if (measured < latencies.length) latencies[measured++] = performance.now() - dueAt;
      }
    };
    connection.socket.write(bytes);
  };

  const connections: Connection[] = [];
  for (let index = 0; index < options.connections; index += 1) {
    const connection = { onAnswer: null } as unknown as Connection;
    attach(connection);
    connections.push(connection);
    idle.push(connection);
  }

  let cycle = 0;
  let nextInCycle = 0;
  const tick = () => {
    const elapsed = performance.now() - startedAt;
    // Every poll due by now goes out (or waits for a free connection), stamped with when it was due.
    for (;;) {
      const dueMs = cycle * options.intervalMs + (phases[order[nextInCycle] as number] as number);
      if (dueMs > elapsed || dueMs >= totalMs) break;
      const bytes = requestBytes[nextInCycle] as Buffer;
      const connection = idle.pop();
      if (connection) send(connection, bytes, startedAt + dueMs);
      else waiting.push({ bytes, dueAt: startedAt + dueMs });
      nextInCycle += 1;
      if (nextInCycle === order.length) {
        nextInCycle = 0;
        cycle += 1;
      }
    }
    if (elapsed >= totalMs) {
      scheduling = false;
      finishIfIdle();
      return;
    }
    setTimeout(tick, SCHEDULER_TICK_MS);
  };
  tick();
  await done;
  for (const connection of connections) {
    connection.socket.removeAllListeners();
    connection.socket.on('error', () => undefined);
    connection.socket.destroy();
  }

  const sorted = latencies.slice(0, measured).sort();
  return {
    measured,
    ratePerS: measured / (options.measureMs / 1000),
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.length > 0 ? (sorted[sorted.length - 1] as number) : Number.NaN,
    statusCounts,
    failures,
    firstFailure,
  };
}
