// verify-draws --url against real local HTTP servers that misbehave: a redirect to another host,
// an answer that never comes, an answer that is too large.
import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchLimitedJson } from './fetch-limited.ts';

const servers: Server[] = [];

async function serve(handler: RequestListener): Promise<URL> {
  const server = createServer(handler);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  }
});

// NOTE: a generous deadline where an answer comes (a loaded machine is slow); a short one only
// where the server never answers, so that case ends soon.
const LIMITS = { timeoutMs: 15_000, maxBytes: 1024 };
const SHORT_DEADLINE = { timeoutMs: 300, maxBytes: 1024 };

describe('fetchLimitedJson (prizewheel verify-draws --url)', () => {
  it('follows a redirect within the same origin', async () => {
    const base = await serve((request, response) => {
      if (request.url === '/old') response.writeHead(302, { location: '/new' }).end();
      else response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    expect(await fetchLimitedJson(new URL('/old', base), LIMITS)).toEqual({ ok: true });
  });

  it('refuses a redirect to another host, without asking it', async () => {
    let askedElsewhere = false;
    const elsewhere = await serve((_request, response) => {
      askedElsewhere = true;
      response.end('{}');
    });
    // localhost and 127.0.0.1 are the same machine but different origins.
    const target = `http://localhost:${elsewhere.port}/api/wheels/default/verification`;
    const base = await serve((_request, response) => response.writeHead(302, { location: target }).end());
    await expect(fetchLimitedJson(new URL('/api/wheels/default/verification', base), LIMITS)).rejects.toThrow(
      /refused a redirect to another host \(http:\/\/localhost:\d+\)/,
    );
    expect(askedElsewhere).toBe(false);
  });

  it('gives up on a server that never answers, naming the time limit', async () => {
    const base = await serve(() => {
      // never answers
    });
    await expect(fetchLimitedJson(base, SHORT_DEADLINE)).rejects.toThrow(/no complete answer within 300 ms/);
  });

  it('stops reading an answer larger than the limit, declared or streamed', async () => {
    const declared = await serve((_request, response) =>
      response.writeHead(200, { 'content-length': '4096' }).end('x'.repeat(4096)),
    );
    await expect(fetchLimitedJson(declared, LIMITS)).rejects.toThrow(/larger than 1024 bytes/);
    const streamed = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write(`["${'x'.repeat(800)}`);
      response.write(`${'x'.repeat(800)}"]`);
      // the body never ends: the limit must stop the read, not the end of the stream
    });
    await expect(fetchLimitedJson(streamed, LIMITS)).rejects.toThrow(/larger than 1024 bytes/);
  });
});
