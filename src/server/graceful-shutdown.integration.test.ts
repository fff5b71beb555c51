// SIGTERM on the real `prizewheel serve` (issue 7, req. 4): it stops accepting connections,
// finishes the request in flight, ends the displays' event streams with a retry hint, closes the
// database (SQLite folds its WAL into the file on the last clean close) and exits with status 0.
//
// The client keeps its connections alive with no idle limit, as a browser may: a server that left
// them open after their last answer would wait for them until its 10 s limit and exit with 1.
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { Agent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { signInOverHttp, startServer, type RunningServer } from '../../e2e/support/server.ts';
import { SHUTDOWN_RETRY_MS } from './routes/api/wheels/events.ts';
import { sqliteFileIn } from './storage/sqlite/open-sqlite-store.ts';

const TEST_TIMEOUT_MS = 120_000;

let server: RunningServer | undefined;
const keepAlive = new Agent({ keepAlive: true });
afterAll(async () => {
  keepAlive.destroy();
  await server?.stop();
});

/** A request on the keep-alive agent; the promise rejects if the server drops it unanswered. */
function send(port: number, method: string, path: string, headers: OutgoingHttpHeaders = {}) {
  const request = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent: keepAlive });
  const answered = once(request, 'response').then(([response]) => {
    (response as IncomingMessage).setEncoding('utf8');
    return response as IncomingMessage;
  });
  answered.catch(() => undefined); // awaited by the caller; not unhandled before that
  return { request, answered };
}

/** Collects a response's text as it comes; `until` resolves once it holds for what has arrived. */
function collect(response: IncomingMessage) {
  let text = '';
  let changed = () => {};
  response.on('data', (chunk: string) => {
    text += chunk;
    changed();
  });
  const ended = once(response, 'end').then(() => text);
  return {
    ended,
    async until(holds: (text: string) => boolean): Promise<void> {
      while (!holds(text)) await new Promise<void>((resolve) => (changed = resolve));
    },
  };
}

/**
 * Resolves with the error of a request on a new connection once the server no longer accepts any.
 * A connection still in the listen queue when the socket closes is reset: that one is tried again.
 */
async function refusedConnection(port: number): Promise<NodeJS.ErrnoException> {
  for (;;) {
    const probe = httpRequest({ host: '127.0.0.1', port, path: '/healthz', agent: false });
    probe.end();
    const outcome = await new Promise<NodeJS.ErrnoException | null>((settled) => {
      probe.once('response', (response) => settled(response.resume() && null));
      probe.once('error', settled);
    });
    if (outcome !== null && outcome.code !== 'ECONNRESET') return outcome;
  }
}

describe('prizewheel serve on SIGTERM', () => {
  it(
    'stops accepting, finishes the request in flight, ends event streams with a retry hint, closes the database, exits 0',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      server = await startServer({ LOG_LEVEL: 'info' });
      const { url, port, process: child } = server;
      const cookie = await signInOverHttp(url, server.adminPassword);
      const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;

      const events = send(port, 'GET', '/api/wheels/default/events');
      events.request.end();
      const stream = collect(await events.answered);
      await stream.until((text) => text.includes('event: snapshot'));

      // A publish whose body is still on its way when the signal comes: the server has its headers
      // (logged "incoming request") but not the closing brace.
      const body = '{}';
      const publish = send(port, 'POST', '/api/admin/wheels/default/publish', {
        cookie,
        'content-type': 'application/json',
        'content-length': body.length,
      });
      publish.request.write(body.slice(0, 1));
      while (!server.output().includes('"url":"/api/admin/wheels/default/publish"')) {
        await once(child.stdout!, 'data');
      }

      child.kill('SIGTERM');

      expect(await stream.ended).toContain(`retry: ${SHUTDOWN_RETRY_MS}\n\n`);
      expect((await refusedConnection(port)).code).toBe('ECONNREFUSED');
      expect(child.exitCode).toBeNull(); // still waiting for the publish

      publish.request.end(body.slice(1));
      const response = await publish.answered;
      const answer = await collect(response).ended;
      expect(response.statusCode).toBe(201);
      expect(JSON.parse(answer)).toMatchObject({ version: 2 });
      expect(response.headers.connection).toBe('close');

      expect(await exited).toEqual([0, null]);
      const file = sqliteFileIn(server.dataDir);
      expect(existsSync(`${file}-wal`)).toBe(false); // closed cleanly: the WAL is folded in
      const database = new SqliteDatabase(file, { readonly: true });
      try {
        const versions = database
          .prepare("SELECT version FROM snapshots WHERE wheel = 'default' ORDER BY version")
          .pluck()
          .all();
        expect(versions).toEqual([1, 2]);
      } finally {
        database.close();
      }
    },
  );
});
