import { describe, expect, it } from 'vitest';
import type { SpinPlan } from '../../core/index.ts';
import type { ShownWheel } from '../machine/display-machine.ts';
import type { DisplayStore } from '../machine/display-store.ts';
import { PENDING_APPLY_DELAY_MS } from '../machine/update-queue.ts';
import { createServerClock } from '../net/server-clock.ts';
import { createManualClock, MANUAL_CLOCK_WALL_START_MS } from '../test-support/manual-clock.ts';
import { idleStore, jsonResponse, recordingFetch, testPlan, testWheel } from '../test-support/fakes.ts';
import { createSpinAnimation } from './spin-animation.ts';

/** The archive of immutable versions, as snapshot-sync gives them: on screen, pending or fetched. */
function wheelsFrom(store: DisplayStore, archive: readonly number[]) {
  return async (version: number): Promise<ShownWheel | null> => {
    const state = store.getState();
    if (state.wheel?.version === version) return state.wheel;
    if (state.pending.update?.version === version) return state.pending.update;
    return archive.includes(version) ? testWheel(version) : null;
  };
}

function setUp(
  store: DisplayStore = idleStore(),
  answer: (url: string) => Response = () => jsonResponse({}, 204),
  archive: readonly number[] = [],
) {
  const manual = createManualClock();
  const server = recordingFetch(answer);
  const wheels = wheelsFrom(store, archive);
  const events = {
    attributes: new Map<string, string>(),
    landedByTimer: 0,
    problems: [] as string[],
    versionsAsked: [] as number[],
    revealHidden: 0,
    revealed: [] as SpinPlan[],
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
      revealWinner: (plan) => void events.revealed.push(plan),
      setAttribute: (name, value) => void events.attributes.set(name, value),
    },
    effects: { animationStarted: () => 'full' },
    wheelOfVersion: (version) => {
      events.versionsAsked.push(version);
      return wheels(version);
    },
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

  it("shows the recorded winner as text when this page's own plan does not check out, never a winner of its own", async () => {
    const store = idleStore();
    store.dispatch({ type: 'draw-requested' });
    store.dispatch({ type: 'draw-answered', spinId: 'spin-1' });
    store.dispatch({ type: 'draw-settled' });
    const { animation, events } = setUp(store);
    const wrongTicket: SpinPlan = testPlan(1, { ticket: 'T4', name: 'Name 4' });
    await animation.animateSpin(wrongTicket, { elapsedMs: 0 });
    expect(store.getState().phase).toBe('idle');
    expect(events.problems).toEqual(['spin-1: ticket_mismatch']);
    expect(events.attributes.get('data-plan-problem')).toBe('ticket_mismatch');
    // The server's recorded winner is what the screen says; no local draw was made.
    expect(events.revealed).toEqual([wrongTicket]);
    expect(store.getState().lastSpin).toMatchObject({ id: 'spin-1', ticket: 'T4', name: 'Name 4' });
    expect(events.attributes.has('data-last-draw-mode')).toBe(false);
  });

  it("fetches the version this page's own plan names and animates to the recorded ticket", async () => {
    const store = idleStore(2);
    const { animation, events } = setUp(store, undefined, [1]);
    await animation.animateSpin(testPlan(1), { elapsedMs: 0 });
    expect(events.problems).toEqual([]);
    expect(events.versionsAsked).toEqual([1]);
    expect(store.getState().spin?.plan.ticket).toBe('T3');
    expect(store.getState().wheel?.version).toBe(1);
  });

  it('shows the recorded winner as text when the version the plan names cannot be had', async () => {
    const { store, animation, events } = setUp(idleStore(2));
    await animation.animateSpin(testPlan(7), { elapsedMs: 0 });
    expect(store.getState().phase).toBe('idle');
    expect(events.attributes.get('data-plan-problem')).toBe('version_mismatch');
    expect(events.revealed.map((plan) => plan.ticket)).toEqual(['T3']);
    expect(store.getState().lastSpin?.ticket).toBe('T3');
  });

  it('animates a plan on the version it names when the version without the winner arrived first', async () => {
    // A view-only screen with "Remove winners" on: the spin event names version 1, and version 2
    // (without the winner) is on screen before the spin starts: it arrives while the page measures
    // the server's clock.
    const store = idleStore(1, { canSpin: false });
    const serverNowMs = MANUAL_CLOCK_WALL_START_MS;
    const { manual, animation, events } = setUp(store, () => {
      if (store.getState().wheel?.version === 1)
        store.dispatch({ type: 'snapshot-verified', wheel: testWheel(2, 9), atMs: manual.clock.now() });
      return jsonResponse({
        plan: null,
        startedAt: null,
        now: new Date(serverNowMs + manual.clock.now()).toISOString(),
      });
    }, [1]);
    await manual.advance(1_000);
    await animation.animateSpin(testPlan(1), { serverStartedAtMs: serverNowMs + 900 });
    expect(events.problems).toEqual([]);
    expect(store.getState().phase).toBe('spinning');
    expect(store.getState().wheel?.version).toBe(1);
    expect(store.getState().pending.update?.version).toBe(2);
    // The landing, then the newer version once the reveal has been seen.
    store.dispatch({ type: 'spin-landed', atMs: 12_000 });
    expect(store.getState().lastSpin?.ticket).toBe('T3');
    store.dispatch({ type: 'clock-tick', atMs: 12_000 + PENDING_APPLY_DELAY_MS });
    expect(store.getState().wheel?.version).toBe(2);
    expect(store.getState().lastSpin?.ticket).toBe('T3');
  });
});
