// The displays' poll "is version N still the latest?", answered in front of Fastify when the answer
// is already in memory.
//
// Ten thousand screens polling every few seconds make the 204 "you are current" the answer this server
// gives most. Through Fastify (routing, hooks, a child logger per request, the reply object) it
// cost about twice the CPU of node:http writing the same bytes (`npm run loadtest`, part b). Only
// the exact request a current display sends is answered here: `GET /api/wheels/<slug>/snapshot
// ?currentVersion=<N>` while the snapshot reader knows, without the database, that N is the
// latest verified version (peekLatestCached). The answer has the route's status and headers and
// is counted in the same request-duration metric; the route logs only warnings, and a 204 is none
// (so it has no request id to send: X-Request-Id names a request in the logs).
// Everything else — another query, a stale display, an expired or cold cache, a closing server —
// goes on to Fastify and the route in routes/api/wheels, which stays the one definition of the
// endpoint (hot-poll.test.ts compares the two answers).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyServerFactory } from 'fastify';
import fp from 'fastify-plugin';
import { LATEST_CACHE_CONTROL, snapshotEtag } from '../services/send-snapshot.ts';
import type { LatestPeek } from '../services/snapshot-reader.ts';

/** Answers the request and returns true, or returns false and leaves it untouched for Fastify. */
export type HotPath = (request: IncomingMessage, response: ServerResponse) => boolean;

/** What the HTTP server asks first: empty until the app is ready, and again once it starts closing. */
export interface HotPathSlot {
  current: HotPath | null;
}

export const POLL_ROUTE = '/api/wheels/:slug/snapshot';

// The slug rule of the admin's wheel schema; the query exactly as the display sends it.
const CURRENT_POLL_URL = /^\/api\/wheels\/([a-z0-9][a-z0-9-]{0,63})\/snapshot\?currentVersion=(\d{1,15})$/;

/**
 * Fastify's serverFactory: the node:http server Fastify would create (same timeouts), which lets
 * the slot's hot path answer a request before Fastify's handler sees it.
 */
export function hotPathServerFactory(slot: HotPathSlot): FastifyServerFactory {
  return (handler, options) => {
    const server: Server = createServer(options.http ?? {}, (request, response) => {
      if (slot.current?.(request, response)) return;
      handler(request, response);
    });
    // NOTE: as fastify/lib/server.js sets them on the server it creates itself.
    const { keepAliveTimeout, requestTimeout, connectionTimeout, maxRequestsPerSocket } = options;
    if (typeof keepAliveTimeout === 'number') server.keepAliveTimeout = keepAliveTimeout;
    if (typeof requestTimeout === 'number') server.requestTimeout = requestTimeout;
    if (typeof connectionTimeout === 'number') server.setTimeout(connectionTimeout);
    if (typeof maxRequestsPerSocket === 'number' && maxRequestsPerSocket > 0)
      server.maxRequestsPerSocket = maxRequestsPerSocket;
    return server;
  };
}

export interface CurrentPollDeps {
  peekLatestCached(wheel: string): LatestPeek | null;
  securityHeaders: ReadonlyArray<readonly [string, string]>;
  /** Records one answered poll's duration in seconds (status 204 on the poll route). */
  observeSeconds(seconds: number): void;
}

/** The hot path for a current display's poll (see the file's head). */
export function currentPollAnswerer(deps: CurrentPollDeps): HotPath {
  const fixedHeaders = deps.securityHeaders.flatMap(([name, value]) => [name, value]);
  // The header list of the last checksum answered (polls of one wheel repeat it thousands of times).
  let last = { checksum: '', headers: fixedHeaders };
  const headersFor = (checksum: string) => {
    if (last.checksum !== checksum)
      last = {
        checksum,
        headers: [...fixedHeaders, 'cache-control', LATEST_CACHE_CONTROL, 'etag', snapshotEtag(checksum)],
      };
    return last.headers;
  };
  return (request, response) => {
    if (request.method !== 'GET') return false;
    const url = request.url;
    if (url === undefined) return false;
    const match = CURRENT_POLL_URL.exec(url);
    if (match === null) return false;
    const peek = deps.peekLatestCached(match[1] as string);
    if (peek === null || peek.version !== Number(match[2])) return false;
    const startedAt = performance.now();
    response.writeHead(204, headersFor(peek.checksum));
    response.end();
    deps.observeSeconds((performance.now() - startedAt) / 1000);
    return true;
  };
}

/** Fills the slot once every plugin is loaded; empties it when closing starts (Fastify answers 503). */
export const hotPollPlugin = fp<{ slot: HotPathSlot }>(
  async (fastify: FastifyInstance, { slot }) => {
    fastify.addHook('onReady', async () => {
      const answered = fastify.metrics.requestDuration.labels({
        method: 'GET',
        route: POLL_ROUTE,
        status: '204',
      });
      slot.current = currentPollAnswerer({
        peekLatestCached: (wheel) => fastify.snapshots.peekLatestCached(wheel),
        securityHeaders: fastify.securityHeaders,
        observeSeconds: (seconds) => answered.observe(seconds),
      });
    });
    fastify.addHook('preClose', async () => {
      slot.current = null;
    });
  },
  { name: 'hot-poll', dependencies: ['metrics', 'storage', 'security-headers'] },
);
