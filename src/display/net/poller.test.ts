import { describe, expect, it } from 'vitest';
import { computeSnapshotChecksum, DEFAULT_SETTINGS, type Snapshot } from '../../core/index.ts';
import { INITIAL_STATE, prepareWheel, reduceDisplay, type DisplayState } from '../machine/display-machine.ts';
import type { FetchFunction } from './clock.ts';
import { createManualClock } from '../test-support/manual-clock.ts';
import { BACKOFF_MAX_MS, createSnapshotPoller, nextPollDelayMs, POLL_INTERVAL_MS } from './poller.ts';
import { REQUEST_TIMEOUT_MS } from './request.ts';
import type { SnapshotFetchResult } from './snapshot-client.ts';

function snapshot(version: number): Snapshot {
  const body = {
    wheel: 'default',
    version,
    publishedAt: '2026-11-28T12:00:00.000Z',
    entries: [
      { ticket: '00042', name: 'Ana Lima', weight: 1 },
      { ticket: 'A-7', name: 'Bo Chen', weight: 2 },
    ],
    settings: { ...DEFAULT_SETTINGS },
  };
  return { ...body, checksum: computeSnapshotChecksum(body) };
}

interface PendingCall {
  url: string;
  init: RequestInit | undefined;
  respond(response: Response): void;
  fail(error: unknown): void;
}

/** A fetch whose answers the test gives, call by call; it honours AbortSignal like the real one. */
function createScriptedFetch(): { fetch: FetchFunction; calls: PendingCall[] } {
  const calls: PendingCall[] = [];
  const fetch: FetchFunction = (url, init) =>
    new Promise<Response>((resolve, reject) => {
      init?.signal?.addEventListener('abort', () =>
        reject(new DOMException('The operation was aborted.', 'AbortError')),
      );
      calls.push({ url, init, respond: resolve, fail: reject });
    });
  return { fetch, calls };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

function setup(options: { paused?: () => boolean; random?: number } = {}) {
  const manual = createManualClock(1_000);
  const scripted = createScriptedFetch();
  const results: SnapshotFetchResult[] = [];
  let state: DisplayState = INITIAL_STATE;
  const poller = createSnapshotPoller({
    fetch: scripted.fetch,
    clock: manual.clock,
    random: () => options.random ?? 0,
    slug: 'default',
    knownVersion: () => state.wheel?.version ?? null,
    isPaused: options.paused ?? (() => false),
    onResult: (result) => {
      results.push(result);
      // The page's handling, reduced to the machine: what the tests check on screen.
      const atMs = manual.clock.now();
      if (result.kind === 'snapshot') {
        const prepared = prepareWheel(result.snapshot);
        if (prepared.ok)
          state = reduceDisplay(state, { type: 'snapshot-verified', wheel: prepared.wheel, atMs });
      } else if (result.kind === 'failed') state = reduceDisplay(state, { type: 'sync-failed', atMs });
      else state = reduceDisplay(state, { type: 'snapshot-unchanged', atMs });
    },
  });
  return { manual, scripted, results, poller, state: () => state };
}

describe('nextPollDelayMs', () => {
  it('polls every 5 s while healthy and backs off exponentially to 60 s on failures', () => {
    expect(nextPollDelayMs(0, 0.9)).toBe(POLL_INTERVAL_MS);
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => nextPollDelayMs(n, 0))).toEqual([
      5_000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000,
    ]);
    expect(nextPollDelayMs(2, 1)).toBeCloseTo(12_000);
    expect(nextPollDelayMs(8, 1)).toBe(BACKOFF_MAX_MS);
  });
});

describe('createSnapshotPoller', () => {
  it('fetches at once, then every 5 s, asking only for versions newer than the one on screen', async () => {
    const { manual, scripted, poller, state } = setup();
    poller.start();
    await manual.settle();
    expect(scripted.calls).toHaveLength(1);
    expect(scripted.calls[0]!.url).toBe('/api/wheels/default/snapshot');
    scripted.calls[0]!.respond(json(snapshot(1), 200, { etag: '"v1"' }));
    await manual.settle();
    expect(state().wheel?.version).toBe(1);
    await manual.advance(POLL_INTERVAL_MS - 1);
    expect(scripted.calls).toHaveLength(1);
    await manual.advance(1);
    expect(scripted.calls).toHaveLength(2);
    expect(scripted.calls[1]!.url).toBe('/api/wheels/default/snapshot?currentVersion=1');
    expect(new Headers(scripted.calls[1]!.init?.headers).get('if-none-match')).toBe('"v1"');
    scripted.calls[1]!.respond(new Response(null, { status: 204 }));
    await manual.settle();
    expect(state().wheel?.version).toBe(1);
    expect(manual.pendingDelays()).toEqual([POLL_INTERVAL_MS]);
    poller.stop();
  });

  it('does not poll while the wheel spins, but a pushed hint still fetches', async () => {
    let spinning = false;
    const { manual, scripted, poller } = setup({ paused: () => spinning });
    poller.start();
    await manual.settle();
    scripted.calls[0]!.respond(json(snapshot(1)));
    spinning = true;
    await manual.advance(3 * POLL_INTERVAL_MS);
    expect(scripted.calls).toHaveLength(1);
    void poller.pollNow();
    await manual.settle();
    expect(scripted.calls).toHaveLength(2);
    poller.stop();
  });

  it.each([
    [
      'a network error (TypeError)',
      (call: PendingCall) => call.fail(new TypeError('Failed to fetch')),
      'network',
    ],
    ['a 5xx answer', (call: PendingCall) => call.respond(json({ error: { code: 'x' } }, 503)), 'http_status'],
    [
      'truncated JSON',
      (call: PendingCall) =>
        call.respond(new Response(JSON.stringify(snapshot(2)).slice(0, 60), { status: 200 })),
      'malformed',
    ],
    ['a non-JSON body', (call: PendingCall) => call.respond(new Response('<html>proxy</html>')), 'malformed'],
    [
      'a bad checksum',
      (call: PendingCall) => call.respond(json({ ...snapshot(2), version: 9 })),
      'bad_checksum',
    ],
    ['an AbortError', (call: PendingCall) => call.fail(new DOMException('aborted', 'AbortError')), 'network'],
  ])('handles %s the same way: last good snapshot kept, offline, backoff', async (_name, answer, code) => {
    const { manual, scripted, results, poller, state } = setup();
    poller.start();
    await manual.settle();
    scripted.calls[0]!.respond(json(snapshot(1)));
    await manual.advance(POLL_INTERVAL_MS);
    answer(scripted.calls[1]!);
    await manual.settle();
    expect(results.at(-1)).toMatchObject({ kind: 'failed', code });
    expect(state().wheel?.version).toBe(1);
    expect(state().connection).toBe('offline');
    expect(manual.pendingDelays()).toEqual([5_000]);
    await manual.advance(5_000);
    answer(scripted.calls[2]!);
    await manual.settle();
    // The full request in 10 s; a bodiless probe in 5 s (unanswered here: the server is still away).
    expect(manual.pendingDelays()).toEqual([5_000, 10_000]);
    await manual.advance(5_000);
    expect(scripted.calls[3]!.init?.method).toBe('HEAD');
    scripted.calls[3]!.fail(new TypeError('Failed to fetch'));
    await manual.advance(5_000);
    scripted.calls[4]!.respond(json(snapshot(2)));
    await manual.settle();
    expect(state().connection).toBe('online');
    expect(state().wheel?.version).toBe(2);
    expect(manual.pendingDelays()).toEqual([POLL_INTERVAL_MS]);
    poller.stop();
  });

  it('after a long outage, probes every 5 s and shows the latest version one poll interval after the server is back', async () => {
    const { manual, scripted, poller, state } = setup();
    poller.start();
    await manual.settle();
    scripted.calls[0]!.respond(json(snapshot(1)));
    await manual.settle();
    // Five minutes with the server down (the backoff is at its 60 s cap): every request fails at once.
    let fullRequests = 0;
    let answered = 1;
    for (let elapsedMs = 0; elapsedMs < 300_000; elapsedMs += 5_000) {
      await manual.advance(5_000);
      for (; answered < scripted.calls.length; answered++) {
        const call = scripted.calls[answered]!;
        if (call.init?.method !== 'HEAD') fullRequests += 1;
        call.fail(new TypeError('Failed to fetch'));
      }
      await manual.settle();
    }
    expect(poller.failures).toBeGreaterThanOrEqual(6);
    // The backoff holds for full requests (one a minute at the cap); the probes are HEAD requests.
    expect(fullRequests).toBeLessThanOrEqual(8);
    expect(scripted.calls.length - 1 - fullRequests).toBeGreaterThan(40);
    expect(state().connection).toBe('offline');
    // The server is back: the next probe (at most 5 s away) is answered, the full request follows.
    const before = scripted.calls.length;
    await manual.advance(POLL_INTERVAL_MS);
    const probe = scripted.calls[before]!;
    expect(probe.init?.method).toBe('HEAD');
    expect(probe.url).toBe('/api/wheels/default/snapshot?currentVersion=1');
    probe.respond(new Response(null, { status: 200 }));
    await manual.settle();
    const full = scripted.calls[before + 1]!;
    expect(full.init?.method).toBeUndefined();
    full.respond(json(snapshot(2)));
    // Verification is asynchronous work outside the manual clock: wait for it, not for a tick count.
    await expect.poll(() => state().wheel?.version).toBe(2);
    expect(state().connection).toBe('online');
    expect(manual.pendingDelays()).toEqual([POLL_INTERVAL_MS]);
    poller.stop();
  });

  it('does not follow a probe answered with a 5xx by a full request', async () => {
    const { manual, scripted, poller } = setup();
    poller.start();
    await manual.settle();
    scripted.calls[0]!.respond(json({ error: { code: 'x' } }, 503));
    await manual.advance(5_000);
    scripted.calls[1]!.respond(json({ error: { code: 'x' } }, 503));
    await manual.settle();
    expect(manual.pendingDelays()).toEqual([5_000, 10_000]);
    await manual.advance(5_000);
    expect(scripted.calls[2]!.init?.method).toBe('HEAD');
    scripted.calls[2]!.respond(new Response(null, { status: 503 }));
    await manual.settle();
    expect(scripted.calls).toHaveLength(3);
    expect(manual.pendingDelays()).toEqual([5_000]); // the full request, as the backoff said
    poller.stop();
  });

  it('gives up on a request after 5 s (AbortController) and counts it as a failure', async () => {
    const { manual, scripted, results, poller, state } = setup();
    poller.start();
    await manual.settle();
    expect(scripted.calls[0]!.init?.signal?.aborted).toBe(false);
    await manual.advance(REQUEST_TIMEOUT_MS);
    expect(scripted.calls[0]!.init?.signal?.aborted).toBe(true);
    expect(results).toEqual([{ kind: 'failed', code: 'timeout', detail: expect.any(String) }]);
    expect(state().connection).toBe('offline');
    poller.stop();
  });

  it('drops the late answer of a request it abandoned', async () => {
    const { manual, scripted, results, poller, state } = setup();
    poller.start();
    await manual.settle();
    const first = scripted.calls[0]!;
    void poller.pollNow(); // e.g. a pushed hint: the first request is abandoned
    await manual.settle();
    expect(first.init?.signal?.aborted).toBe(true);
    scripted.calls[1]!.respond(json(snapshot(2)));
    first.respond(json(snapshot(1))); // too late: ignored
    await manual.settle();
    expect(results).toHaveLength(1);
    expect(state().wheel?.version).toBe(2);
    poller.stop();
  });

  it('treats 404 as nothing published yet, not as a failure', async () => {
    const { manual, scripted, results, poller } = setup();
    poller.start();
    await manual.settle();
    scripted.calls[0]!.respond(json({ error: { code: 'not_found', message: 'x' } }, 404));
    await manual.settle();
    expect(results).toEqual([{ kind: 'not-published' }]);
    expect(manual.pendingDelays()).toEqual([POLL_INTERVAL_MS]);
    poller.stop();
  });

  it('never rejects, even when the handler throws', async () => {
    const manual = createManualClock();
    const scripted = createScriptedFetch();
    const poller = createSnapshotPoller({
      fetch: scripted.fetch,
      clock: manual.clock,
      random: () => 0,
      slug: 'default',
      knownVersion: () => null,
      isPaused: () => false,
      onResult: () => {
        throw new Error('handler bug');
      },
    });
    poller.start();
    await manual.settle();
    const polled = poller.pollNow();
    await manual.settle();
    scripted.calls[1]!.respond(json(snapshot(1)));
    await expect(polled).resolves.toBeUndefined();
    poller.stop();
  });
});
