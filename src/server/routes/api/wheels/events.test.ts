import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTestApp,
  publishEntries,
  sampleEntries,
  type TestApp,
} from '../../../test-support/test-app.ts';
import { SHUTDOWN_RETRY_MS, SSE_RETRY_MS } from './events.ts';

let t: TestApp;
let cookie: string;
let baseUrl: string;
beforeEach(async () => {
  t = await createTestApp();
  cookie = await t.signIn();
  baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterEach(async () => {
  await t.close();
});

/** Reads the stream to its end; returns everything it said. */
async function readToEnd(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += decoder.decode(value, { stream: true });
  }
}

/** Reads the stream until `predicate` holds for the text received so far. */
async function readUntil(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  predicate: (text: string) => boolean,
): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  while (!predicate(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended after: ${text}`);
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

describe('GET /api/wheels/:slug/events', () => {
  it('lets a display whose stream carried a spin (?displayId=) report its landing, and no other display', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(5));
    const controller = new AbortController();
    const response = await fetch(`${baseUrl}/api/wheels/default/events?displayId=hall-screen`, {
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await readUntil(reader, (text) => text.includes('event: snapshot'));
    const plan = (
      await t.app.inject({
        method: 'POST',
        url: '/api/wheels/default/spins',
        headers: { cookie },
        payload: { version: 1 },
      })
    ).json();
    await readUntil(reader, (text) => text.includes('event: spin\n'));
    controller.abort();

    const report = (displayId: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/wheels/default/spins/${plan.id}/landed`,
        payload: { landedIndex: plan.targetIndex, durationMs: 11_000, displayId },
      });
    expect((await report('lobby-screen')).statusCode).toBe(403);
    expect((await report('hall-screen')).statusCode).toBe(204);
    const bad = await t.app.inject({ url: '/api/wheels/default/events?display=x' });
    expect(bad.statusCode).toBe(400);
  });

  it('streams snapshot, spin and landed events', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(5));
    const controller = new AbortController();
    const response = await fetch(`${baseUrl}/api/wheels/default/events`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    // The current version arrives at once.
    await readUntil(reader, (text) => text.includes('event: snapshot\ndata: {"version":1}'));

    await publishEntries(t, cookie, 'default', sampleEntries(6));
    await readUntil(reader, (text) => text.includes('event: snapshot\ndata: {"version":2}'));

    const plan = (
      await t.app.inject({
        method: 'POST',
        url: '/api/wheels/default/spins',
        headers: { cookie },
        payload: { version: 2 },
      })
    ).json();
    const spinText = await readUntil(
      reader,
      (text) => text.includes('event: spin\n') && text.endsWith('\n\n'),
    );
    // The plan exactly as the presenter got it, plus the server's start time (nothing about the mode).
    const spinData = JSON.parse(/event: spin\ndata: (.*)\n/.exec(spinText)![1]!) as Record<string, unknown>;
    const { startedAt, ...planInEvent } = spinData;
    expect(planInEvent).toEqual(plan);
    const current = (await t.app.inject({ url: '/api/wheels/default/spins/current' })).json();
    expect(startedAt).toBe(current.startedAt);

    await t.app.inject({
      method: 'POST',
      url: `/api/wheels/default/spins/${plan.id}/landed`,
      headers: { cookie },
      payload: { landedIndex: plan.targetIndex, durationMs: 11_000 },
    });
    await readUntil(reader, (text) =>
      text.includes(`event: landed\ndata: ${JSON.stringify({ spinId: plan.id, ticket: plan.ticket })}`),
    );
    controller.abort();
  });
});

describe('GET /api/wheels/:slug/events (shutdown)', () => {
  it('ends open streams with a retry hint when the server closes', async () => {
    const response = await fetch(`${baseUrl}/api/wheels/default/events`);
    const reader = response.body!.getReader();
    await readUntil(reader, (text) => text.includes('retry:'));
    await t.app.close();
    // The stream ends instead of keeping the process alive, telling the display when to come back.
    const tail = await readToEnd(reader);
    expect(tail).toContain(`retry: ${SHUTDOWN_RETRY_MS}\n\n`);
  });
});

describe('GET /api/wheels/:slug/events (bounds)', () => {
  it('answers 404 wheel_not_found for a wheel that does not exist, before any stream opens', async () => {
    const response = await fetch(`${baseUrl}/api/wheels/no-such-wheel-8c1f/events`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('wheel_not_found');
    const metrics = await t.app.inject({ url: '/metrics' });
    expect(metrics.body).not.toContain('no-such-wheel-8c1f');
  });

  it('answers 429 too_many_streams beyond the per-address cap and beyond the total cap', async () => {
    const capped = await createTestApp({
      config: {
        trustProxy: true,
        eventStreamLimits: { totalMax: 3, perAddressMax: 2, lifetimeMs: 60_000 },
      },
    });
    try {
      const cappedUrl = await capped.app.listen({ port: 0, host: '127.0.0.1' });
      const controller = new AbortController();
      const open = (address: string) =>
        fetch(`${cappedUrl}/api/wheels/default/events`, {
          headers: { 'x-forwarded-for': address },
          signal: controller.signal,
        });
      expect((await open('198.51.100.1')).status).toBe(200);
      expect((await open('198.51.100.1')).status).toBe(200);
      const perAddress = await open('198.51.100.1');
      expect(perAddress.status).toBe(429);
      expect(perAddress.headers.get('retry-after')).toBe('5');
      expect(await perAddress.json()).toMatchObject({
        error: { code: 'too_many_streams' },
        limit: 2,
        retryAfterMs: 5_000,
      });
      // Another address still gets a stream, until the server holds its total.
      expect((await open('198.51.100.2')).status).toBe(200);
      const total = await open('198.51.100.3');
      expect(total.status).toBe(429);
      expect(await total.json()).toMatchObject({ error: { code: 'too_many_streams' }, limit: 3 });
      controller.abort();
    } finally {
      await capped.close();
    }
  });

  it('ends a stream after its lifetime with the retry hint, and gives its slot back', async () => {
    const shortLived = await createTestApp({
      config: { eventStreamLimits: { totalMax: 10, perAddressMax: 1, lifetimeMs: 1_000 } },
    });
    try {
      const shortUrl = await shortLived.app.listen({ port: 0, host: '127.0.0.1' });
      const first = await fetch(`${shortUrl}/api/wheels/default/events`);
      expect(first.status).toBe(200);
      // The server ends it cleanly (an EventSource then reconnects after `retry:`).
      const text = await readToEnd(first.body!.getReader());
      expect(text.endsWith(`retry: ${SSE_RETRY_MS}\n\n`)).toBe(true);
      const again = await fetch(`${shortUrl}/api/wheels/default/events`);
      expect(again.status).toBe(200);
      await again.body!.cancel();
    } finally {
      await shortLived.close();
    }
  });
});
