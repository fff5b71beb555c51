import { afterEach, describe, expect, it } from 'vitest';
import type { SpinPlan } from '../../core/index.ts';
import type { ShownWheel } from '../machine/display-machine.ts';
import type { DisplayStore } from '../machine/display-store.ts';
import { createServerClock } from '../net/server-clock.ts';
import { createManualClock, MANUAL_CLOCK_WALL_START_MS } from '../test-support/manual-clock.ts';
import { idleStore, jsonResponse, recordingFetch, testPlan, testWheel } from '../test-support/fakes.ts';
import { createSpinAnimation } from './spin-animation.ts';
import { createSpinPoll, SPIN_CHECK_INTERVAL_MS, type SpinPoll } from './spin-poll.ts';

/** What the server's spins/current?include=landed answers: its newest draw, or 204. */
interface LatestDraw {
  plan: SpinPlan;
  /** On the page's clock (the manual clock's now()); the server's clock runs with it. */
  startedAtMs: number;
  /** A display reported its landing then (page clock). */
  landedAtMs?: number;
}

const started: SpinPoll[] = [];
afterEach(() => {
  for (const poll of started.splice(0)) poll.stop();
});

/** A view-only screen with the real spin animation; `server.latest` is the server's newest draw. */
function setUp(store: DisplayStore = idleStore(1, { canSpin: false })) {
  const manual = createManualClock();
  const server = { latest: null as LatestDraw | null, requests: 0 };
  const wallAt = (pageMs: number): string => new Date(MANUAL_CLOCK_WALL_START_MS + pageMs).toISOString();
  const recorded = recordingFetch((url) => {
    if (!url.includes('/spins/current')) return jsonResponse({}, 404);
    if (url.includes('include=landed')) server.requests += 1;
    const latest = server.latest;
    if (latest === null) return new Response(null, { status: 204 });
    return jsonResponse({
      plan: latest.plan,
      startedAt: wallAt(latest.startedAtMs),
      now: wallAt(manual.clock.now()),
      ...(latest.landedAtMs === undefined ? {} : { landedAt: wallAt(latest.landedAtMs) }),
    });
  });
  const attributes = new Map<string, string>();
  const spinsStarted: string[] = [];
  const base = {
    getState: store.getState,
    dispatch: (event: Parameters<DisplayStore['dispatch']>[0]) => {
      if (event.type === 'spin-started') spinsStarted.push(event.spin.plan.id);
      store.dispatch(event);
    },
    clock: manual.clock,
    fetch: recorded.fetch,
    slug: 'gala',
    serverClock: createServerClock(manual.clock),
  };
  const animation = createSpinAnimation({
    ...base,
    view: {
      hideReveal: () => {},
      revealWinner: () => {},
      setAttribute: (name, value) => void attributes.set(name, value),
    },
    effects: { animationStarted: () => 'full' },
    wheelOfVersion: async (version): Promise<ShownWheel | null> =>
      store.getState().wheel?.version === version ? store.getState().wheel : testWheel(version),
    // No animation frames here: the landing comes by timer, as in a hidden tab.
    landByTimer: () => store.dispatch({ type: 'spin-landed', atMs: manual.clock.now() }),
    onPlanProblem: () => {},
  });
  const poll = createSpinPoll({
    ...base,
    displayId: 'hall-screen',
    view: { setAttribute: (name, value) => void attributes.set(name, value) },
    subscribe: store.subscribe,
    animateSpin: animation.animateSpin,
  });
  started.push(poll);
  return { manual, store, server, recorded, attributes, animation, poll, spinsStarted };
}

describe('createSpinPoll', () => {
  it('joins a spin it learns of from its poll while the stream is down, where the other screens have it', async () => {
    const { manual, store, server, recorded, attributes, poll } = setUp();
    poll.start();
    await manual.settle();
    expect(recorded.calls[0]?.url).toBe(
      '/api/wheels/gala/spins/current?displayId=hall-screen&include=landed',
    );
    expect(attributes.get('data-spin-source')).toBe('poll');
    expect(poll.spinSource()).toBe('poll');
    // Drawn 2 s before the next poll tick; the stream, blocked, never says so.
    await manual.advance(SPIN_CHECK_INTERVAL_MS - 2_000);
    server.latest = { plan: testPlan(1), startedAtMs: manual.clock.now() };
    await manual.advance(2_000);
    expect(store.getState().phase).toBe('spinning');
    expect(store.getState().spin?.plan.id).toBe('spin-1');
    expect(store.getState().spin?.startedAtMs).toBe(SPIN_CHECK_INTERVAL_MS - 2_000);
    // It lands when the others do, on the recorded winner.
    await manual.advance(testPlan(1).durationMs);
    expect(store.getState().lastSpin).toMatchObject({ id: 'spin-1', ticket: 'T3' });
  });

  it('joins the spin turning now when the page opens', async () => {
    const { manual, store, server, poll } = setUp();
    await manual.advance(10_000);
    server.latest = { plan: testPlan(1), startedAtMs: 6_000 };
    poll.start();
    await manual.settle();
    expect(store.getState().spin?.startedAtMs).toBe(6_000);
  });

  it('shows the recorded winner within one poll interval of a spin that landed before it learned of it', async () => {
    const { manual, store, server, poll } = setUp();
    poll.start();
    await manual.settle();
    // A short spin, drawn and landed between two checks (the check waits while the page spins).
    server.latest = { plan: testPlan(1, { id: 'quick', durationMs: 1_000 }), startedAtMs: 500 };
    await manual.advance(SPIN_CHECK_INTERVAL_MS);
    // Placed where it ended: no whole spin after the others, the landing (and reveal) at once.
    expect(store.getState().spin?.startedAtMs).toBe(SPIN_CHECK_INTERVAL_MS - 1_000);
    await manual.advance(1_000);
    expect(store.getState().phase).toBe('idle');
    expect(store.getState().lastSpin).toMatchObject({ id: 'quick', ticket: 'T3' });
  });

  it('shows a spin another screen reported landed as landed at once, even before its planned end', async () => {
    const { manual, store, server, poll } = setUp();
    poll.start();
    await manual.settle();
    server.latest = { plan: testPlan(1), startedAtMs: 1_000, landedAtMs: 3_000 };
    await manual.advance(SPIN_CHECK_INTERVAL_MS);
    expect(store.getState().spin?.startedAtMs).toBe(SPIN_CHECK_INTERVAL_MS - testPlan(1).durationMs);
    await manual.advance(1_000);
    expect(store.getState().lastSpin).toMatchObject({ id: 'spin-1', ticket: 'T3' });
  });

  it('never shows a spin drawn before the page watched, nor one it already showed', async () => {
    const { manual, store, server, poll, animation, spinsStarted } = setUp();
    server.latest = { plan: testPlan(1, { id: 'before' }), startedAtMs: -60_000 };
    poll.start();
    await manual.advance(3 * SPIN_CHECK_INTERVAL_MS);
    expect(spinsStarted).toEqual([]);
    expect(store.getState().lastSpin).toBeNull();
    // A spin the stream delivered, then found by the polls too: shown once.
    await animation.animateSpin(testPlan(1, { id: 'delivered' }), { elapsedMs: 0 });
    server.latest = { plan: testPlan(1, { id: 'delivered' }), startedAtMs: manual.clock.now() };
    await manual.advance(testPlan(1).durationMs + 500);
    expect(store.getState().lastSpin?.id).toBe('delivered');
    await manual.advance(3 * SPIN_CHECK_INTERVAL_MS);
    expect(spinsStarted).toEqual(['delivered']);
    expect(store.getState().phase).toBe('idle');
  });

  it('counts an open stream that delivers nothing as silent, and one that delivers as the path spins take', async () => {
    const { manual, server, attributes, poll } = setUp();
    poll.start();
    await manual.settle();
    poll.streamStateChanged(true);
    const afterStart = server.requests;
    await manual.advance(SPIN_CHECK_INTERVAL_MS);
    expect(server.requests).toBe(afterStart + 1);
    expect(attributes.get('data-spin-source')).toBe('poll');
    // The snapshot event the server sends on connect: the stream delivers; the polls stop asking.
    poll.streamDelivered('snapshot');
    expect(attributes.get('data-spin-source')).toBe('stream');
    await manual.advance(3 * SPIN_CHECK_INTERVAL_MS);
    expect(server.requests).toBe(afterStart + 1);
    // Dropped: the polls ask again.
    poll.streamStateChanged(false);
    expect(poll.spinSource()).toBe('poll');
    await manual.advance(SPIN_CHECK_INTERVAL_MS);
    expect(server.requests).toBe(afterStart + 2);
  });

  it('asks at once when the polls find a version the stream did not hint, and then polls until the stream brings a spin', async () => {
    const { manual, store, server, attributes, poll } = setUp();
    poll.streamStateChanged(true);
    poll.streamDelivered('snapshot');
    poll.versionHinted(1);
    poll.start();
    await manual.settle();
    // A stream that delivered at connect and buffers since: a spin with "Remove winners" on
    // publishes version 2, which only the snapshot poll brings.
    server.latest = { plan: testPlan(1, { id: 'buffered' }), startedAtMs: manual.clock.now() };
    store.dispatch({ type: 'snapshot-verified', wheel: testWheel(2, 9), atMs: manual.clock.now() });
    await manual.settle();
    expect(store.getState().spin?.plan.id).toBe('buffered');
    expect(store.getState().spin?.startedAtMs).toBe(0);
    expect(attributes.get('data-spin-source')).toBe('poll');
    poll.streamDelivered('spin');
    expect(attributes.get('data-spin-source')).toBe('stream');
  });
});
