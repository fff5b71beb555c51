import { afterEach, describe, expect, it } from 'vitest';
import { POLL_ROUTE } from './hot-poll.ts';
import { createTestApp, publishEntries, sampleEntries, type TestApp } from '../test-support/test-app.ts';

let testApp: TestApp | undefined;
afterEach(async () => {
  await testApp?.close();
  testApp = undefined;
});

/**
 * Headers node or the test client add on their own, whichever path answered; and the request id,
 * which names a request in the logs: the hot path logs nothing, so it sends none.
 */
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'x-request-id']);

function answerHeaders(headers: Headers | Record<string, unknown>): Record<string, string> {
  const entries: Array<[string, unknown]> = [];
  if (headers instanceof Headers) headers.forEach((value, name) => entries.push([name, value]));
  else entries.push(...Object.entries(headers));
  return Object.fromEntries(
    entries.filter(([name]) => !TRANSPORT_HEADERS.has(name.toLowerCase())).map(([n, v]) => [n, String(v)]),
  );
}

/** A published wheel served on 127.0.0.1, with a count of the polls that reached the Fastify route. */
async function servedWheel() {
  testApp = await createTestApp();
  const app = testApp.app;
  const cookie = await testApp.signIn();
  await publishEntries(testApp, cookie, 'default', sampleEntries(3));
  const routePeek = app.snapshots.peekLatest.bind(app.snapshots);
  const reachedRoute = { count: 0 };
  app.snapshots.peekLatest = (wheel) => {
    reachedRoute.count += 1;
    return routePeek(wheel);
  };
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url, cookie, reachedRoute, testApp };
}

describe('the current display’s poll answered in front of Fastify', () => {
  it('answers from memory once the latest version is known, with the route’s own status and headers', async () => {
    const { app, url, reachedRoute } = await servedWheel();
    const path = '/api/wheels/default/snapshot?currentVersion=1';

    const first = await fetch(url + path);
    expect(first.status).toBe(204);
    expect(reachedRoute.count).toBe(1); // nothing known yet: the route answered

    const hot = await fetch(url + path);
    expect(hot.status).toBe(204);
    expect(reachedRoute.count).toBe(1); // answered before Fastify

    const throughRoute = await app.inject({ method: 'GET', url: path });
    expect(throughRoute.statusCode).toBe(204);
    expect(answerHeaders(hot.headers)).toEqual(answerHeaders(throughRoute.headers));
    expect(hot.headers.get('etag')).toMatch(/^"sha256:[0-9a-f]{64}"$/);
    expect(hot.headers.get('content-security-policy')).toContain("default-src 'self'");
    // Fastify's own server settings hold on the server the hot path sits in.
    expect(app.server.keepAliveTimeout).toBe(72_000);
    expect(hot.headers.get('keep-alive')).toBe('timeout=72');
  });

  it('never answers from memory what it does not know: a publish, a stale display, other queries', async () => {
    const { url, cookie, reachedRoute, testApp: served } = await servedWheel();
    await fetch(`${url}/api/wheels/default/snapshot?currentVersion=1`); // warm
    const warm = reachedRoute.count;

    await publishEntries(served, cookie, 'default', sampleEntries(4));
    const stale = await fetch(`${url}/api/wheels/default/snapshot?currentVersion=1`);
    expect(stale.status).toBe(200); // the publish cleared what was known: the route sent version 2
    expect(((await stale.json()) as { version: number }).version).toBe(2);
    expect(reachedRoute.count).toBe(warm + 1);

    const current = await fetch(`${url}/api/wheels/default/snapshot?currentVersion=2`);
    expect(current.status).toBe(204);
    expect(reachedRoute.count).toBe(warm + 1);
    expect((await fetch(`${url}/api/wheels/default/snapshot?currentVersion=1`)).status).toBe(200);

    const extraQuery = await fetch(`${url}/api/wheels/default/snapshot?currentVersion=2&x=1`);
    expect(extraQuery.status).toBe(400);
    expect(((await extraQuery.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    expect((await fetch(`${url}/api/wheels/nowhere/snapshot?currentVersion=2`)).status).toBe(404);
    expect(
      (await fetch(`${url}/api/wheels/default/snapshot?currentVersion=2`, { method: 'HEAD' })).status,
    ).toBe(204);
    expect(reachedRoute.count).toBe(warm + 4); // the other query, the other wheel and HEAD reached the route
  });

  it('counts its answers in the route’s request-duration metric', async () => {
    const { url, reachedRoute } = await servedWheel();
    const count = async () => {
      const text = await (await fetch(`${url}/metrics`)).text();
      const line = text
        .split('\n')
        .find((candidate) =>
          candidate.startsWith(
            `prizewheel_http_request_duration_seconds_count{method="GET",route="${POLL_ROUTE}",status="204"}`,
          ),
        );
      return line === undefined ? 0 : Number(line.split(' ').at(-1));
    };
    await fetch(`${url}/api/wheels/default/snapshot?currentVersion=1`);
    const before = await count();
    const reached = reachedRoute.count;
    for (let poll = 0; poll < 5; poll += 1)
      await fetch(`${url}/api/wheels/default/snapshot?currentVersion=1`);
    expect(reachedRoute.count).toBe(reached);
    expect(await count()).toBe(before + 5);
  });
});
