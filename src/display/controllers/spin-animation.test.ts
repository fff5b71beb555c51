import { describe, expect, it } from 'vitest';
import type { SpinPlan } from '../../core/index.ts';
import type { DisplayStore } from '../machine/display-store.ts';
import { createServerClock } from '../net/server-clock.ts';
import { createManualClock, MANUAL_CLOCK_WALL_START_MS } from '../test-support/manual-clock.ts';
import { idleStore, jsonResponse, recordingFetch, testPlan } from '../test-support/fakes.ts';
import { createSpinAnimation } from './spin-animation.ts';

function setUp(
  store: DisplayStore = idleStore(),
  answer: (url: string) => Response = () => jsonResponse({}, 204),
) {
  const manual = createManualClock();
  const server = recordingFetch(answer);
  const events = {
    attributes: new Map<string, string>(),
    landedByTimer: 0,
    fallbacks: [] as Array<{ problem: string; refusedSpinId: string }>,
    problems: [] as string[],
    versionsAsked: [] as number[],
    revealHidden: 0,
  };
  const animation = createSpinAnimation({
    getState: store.getState,
    dispatch: store.dispatch,
    clock: manual.clock,
    fetch: server.fetch,
    slug: 'gala',
    serverClock: createServerClock(manual.clock),
    view: {
      hideReveal: () => void (events.revealHidden += 1),
      setAttribute: (name, value) => void events.attributes.set(name, value),
    },
    effects: { animationStarted: () => 'full' },
    ensureVersionShown: async (version) => void events.versionsAsked.push(version),
    drawFallback: async (details) => void events.fallbacks.push(details),
    landByTimer: () => void (events.landedByTimer += 1),
    onPlanProblem: (description) => void events.problems.push(description),
  });
  return { manual, store, server, animation, events };
}

describe('createSpinAnimation', () => {
  it('starts a spin where the other screens have it and lands it by timer when no frame comes', async () => {
    const { manual, store, animation, events } = setUp();
    await manual.advance(5_000);
    await animation.animateSpin(testPlan(1), { elapsedMs: 2_000 });
    const spin = store.getState().spin!;
    expect(store.getState().phase).toBe('spinning');
    expect(spin.startedAtMs).toBe(3_000);
    expect(events.versionsAsked).toEqual([1]);
    expect(events.revealHidden).toBe(1);
    expect(events.attributes.get('data-last-draw-mode')).toBe('server');
    // The landing timer: at the planned end, plus a margin for a frame that is late.
    expect(manual.pendingDelays()).toEqual([9_000 + 500]);
    await manual.advance(9_500);
    expect(events.landedByTimer).toBe(1);
  });

  it('places a pushed spin through the measured server clock', async () => {
    const serverNowMs = MANUAL_CLOCK_WALL_START_MS;
    const { manual, store, server, animation } = setUp(idleStore(), () =>
      jsonResponse({
        plan: null,
        startedAt: null,
        now: new Date(serverNowMs + manual.clock.now()).toISOString(),
      }),
    );
    await manual.advance(4_000);
    // The server started the spin 1.5 s ago on its own clock (which runs with the page's here).
    await animation.animateSpin(testPlan(1), { serverStartedAtMs: serverNowMs + 2_500 });
    expect(server.calls[0]?.url).toBe('/api/wheels/gala/spins/current');
    expect(store.getState().spin?.startedAtMs).toBe(2_500);
  });

  it('skips a spin already shown, of another wheel, or arriving during another spin', async () => {
    const { store, animation } = setUp();
    await animation.animateSpin(testPlan(1, { wheel: 'other' }), { elapsedMs: 0 });
    expect(store.getState().phase).toBe('idle');
    await animation.animateSpin(testPlan(1), { elapsedMs: 0 });
    await animation.animateSpin(testPlan(1, { id: 'spin-2' }), { elapsedMs: 0 });
    expect(store.getState().spin?.plan.id).toBe('spin-1');
  });

  it("reports a plan that does not check out, and draws a fallback for this page's own spin", async () => {
    const store = idleStore();
    store.dispatch({ type: 'draw-requested' });
    store.dispatch({ type: 'draw-answered', spinId: 'spin-1' });
    store.dispatch({ type: 'draw-settled' });
    const { animation, events } = setUp(store);
    const wrongTicket: SpinPlan = testPlan(1, { ticket: 'T4' });
    await animation.animateSpin(wrongTicket, { elapsedMs: 0 });
    expect(store.getState().phase).toBe('idle');
    expect(events.problems).toHaveLength(1);
    expect(events.problems[0]).toMatch(/^spin-1: /);
    expect(events.attributes.has('data-plan-problem')).toBe(true);
    expect(events.fallbacks).toEqual([{ problem: expect.any(String), refusedSpinId: 'spin-1' }]);
    await animation.animateSpin(testPlan(1, { id: 'local-1', ticket: 'T4' }), { local: true });
    expect(events.fallbacks).toHaveLength(1);
  });

  it('joins the spin turning now when the page opens', async () => {
    const { manual, store, animation } = setUp(idleStore(), () =>
      jsonResponse({
        plan: testPlan(1),
        startedAt: new Date(MANUAL_CLOCK_WALL_START_MS).toISOString(),
        now: new Date(MANUAL_CLOCK_WALL_START_MS + 4_000).toISOString(),
      }),
    );
    await manual.advance(10_000);
    await animation.joinRunningSpin();
    expect(store.getState().spin?.startedAtMs).toBe(6_000);
  });
});
