import { describe, expect, it } from 'vitest';
import { indexAt, spinEndRotation, type Snapshot, type SpinPlan } from '../../core/index.ts';
import {
  INITIAL_STATE,
  InvalidTransitionError,
  knownVersion,
  prepareWheel,
  reduceDisplay,
  rotationAtTime,
  spinHasEnded,
  type DisplayEvent,
  type DisplayState,
  type ShownWheel,
  UNSENT_LANDINGS_MAX,
} from './display-machine.ts';
import { PENDING_APPLY_DELAY_MS } from './update-queue.ts';
import { testPlan, testSnapshot, testWheel } from '../test-support/fakes.ts';

function snapshot(version: number, count = 10): Snapshot {
  return testSnapshot(version, count, 'default');
}

function wheel(version: number, count = 10): ShownWheel {
  return testWheel(version, count, 'default');
}

function run(events: DisplayEvent[], from: DisplayState = INITIAL_STATE): DisplayState {
  return events.reduce(reduceDisplay, from);
}

function planFor(shown: ShownWheel, overrides: Partial<SpinPlan> = {}): SpinPlan {
  return testPlan(shown.version, { wheel: 'default', ...overrides });
}

function startSpin(state: DisplayState, atMs: number, overrides: Partial<SpinPlan> = {}): DisplayState {
  const shown = state.wheel as ShownWheel;
  const plan = planFor(shown, overrides);
  const endRotation = spinEndRotation(shown.arcs!, plan, state.rotation);
  return reduceDisplay(state, {
    type: 'spin-started',
    spin: { plan, startRotation: state.rotation, endRotation, startedAtMs: atMs },
  });
}

describe('reduceDisplay', () => {
  it('goes from loading to idle with the first verified snapshot', () => {
    const state = run([{ type: 'snapshot-verified', wheel: wheel(1), atMs: 5 }]);
    expect(state.phase).toBe('idle');
    expect(state.wheel?.version).toBe(1);
    expect(state.lastSyncAtMs).toBe(5);
  });

  it('is empty when nothing is published, and when the snapshot has no entries', () => {
    expect(run([{ type: 'nothing-published', atMs: 0 }]).phase).toBe('empty');
    expect(run([{ type: 'snapshot-verified', wheel: wheel(1, 0), atMs: 0 }]).phase).toBe('empty');
  });

  it('keeps the last good wheel when later syncs fail or say nothing is published', () => {
    const state = run([
      { type: 'snapshot-verified', wheel: wheel(2), atMs: 0 },
      { type: 'sync-failed', atMs: 1 },
      { type: 'nothing-published', atMs: 2 },
    ]);
    expect(state.phase).toBe('idle');
    expect(state.wheel?.version).toBe(2);
    const offline = reduceDisplay(state, { type: 'sync-failed', atMs: 3 });
    expect(offline.connection).toBe('offline');
    expect(offline.wheel?.version).toBe(2);
    expect(reduceDisplay(offline, { type: 'snapshot-unchanged', atMs: 4 }).connection).toBe('online');
  });

  it('shows the cached wheel on an offline start, and waits calmly without a cache', () => {
    const offlineStart = run([
      { type: 'sync-failed', atMs: 1 },
      { type: 'cache-loaded', wheel: wheel(4) },
    ]);
    expect(offlineStart).toMatchObject({ phase: 'idle', connection: 'offline', lastSyncAtMs: null });
    expect(offlineStart.wheel?.version).toBe(4);
    expect(run([{ type: 'sync-failed', atMs: 1 }]).phase).toBe('empty');
    const caughtUp = reduceDisplay(offlineStart, { type: 'snapshot-verified', wheel: wheel(5), atMs: 2 });
    expect(caughtUp).toMatchObject({ phase: 'idle', connection: 'online' });
    expect(caughtUp.wheel?.version).toBe(5);
  });

  it('never lets the cache replace a wheel from the server', () => {
    const state = run([
      { type: 'snapshot-verified', wheel: wheel(2), atMs: 0 },
      { type: 'cache-loaded', wheel: wheel(7) },
    ]);
    expect(state.wheel?.version).toBe(2);
  });

  it('ignores versions that are not newer than the one on screen', () => {
    const state = run([
      { type: 'snapshot-verified', wheel: wheel(3), atMs: 0 },
      { type: 'snapshot-verified', wheel: wheel(2), atMs: 1 },
    ]);
    expect(state.wheel?.version).toBe(3);
  });

  it('spins from idle and lands on the plan with the rotation normalized', () => {
    const idle = run([{ type: 'snapshot-verified', wheel: wheel(1), atMs: 0 }]);
    const spinning = startSpin(idle, 1_000);
    expect(spinning.phase).toBe('spinning');
    expect(spinHasEnded(spinning, 11_999)).toBe(false);
    expect(spinHasEnded(spinning, 12_000)).toBe(true);
    const end = spinning.spin!.endRotation;
    expect(rotationAtTime(spinning, 12_000)).toBe(end);
    expect(rotationAtTime(spinning, 1_000)).toBe(0);
    const landed = reduceDisplay(spinning, { type: 'spin-landed', atMs: 12_000 });
    expect(landed.phase).toBe('idle');
    expect(landed.lastSpin).toEqual({ id: 'spin-1', ticket: 'T3', name: 'Name 3', version: 1 });
    expect(landed.rotation).toBeGreaterThanOrEqual(0);
    expect(landed.rotation).toBeLessThan(360);
    expect(indexAt(landed.wheel!.arcs!, landed.rotation)).toBe(3);
  });

  it('throws on impossible transitions', () => {
    const idle = run([{ type: 'snapshot-verified', wheel: wheel(1), atMs: 0 }]);
    expect(() => reduceDisplay(INITIAL_STATE, { type: 'spin-landed', atMs: 0 })).toThrow(
      InvalidTransitionError,
    );
    expect(() => reduceDisplay(idle, { type: 'spin-landed', atMs: 0 })).toThrow(InvalidTransitionError);
    expect(() => startSpin(startSpin(idle, 0), 1)).toThrow(InvalidTransitionError);
    expect(() => startSpin(idle, 0, { version: 2 })).toThrow(InvalidTransitionError);
    const empty = run([{ type: 'nothing-published', atMs: 0 }]);
    expect(() =>
      reduceDisplay(empty, {
        type: 'spin-started',
        spin: { plan: planFor(wheel(1)), startRotation: 0, endRotation: 0, startedAtMs: 0 },
      }),
    ).toThrow(/impossible in state empty/);
    expect(() => reduceDisplay(startSpin(idle, 0), { type: 'apply-pending-now' })).toThrow(
      InvalidTransitionError,
    );
  });

  it('queues a version that arrives while spinning and applies it after the landing, newest wins', () => {
    const spinning = startSpin(run([{ type: 'snapshot-verified', wheel: wheel(1), atMs: 0 }]), 0);
    const queued = run(
      [
        { type: 'snapshot-verified', wheel: wheel(3), atMs: 100 },
        { type: 'snapshot-verified', wheel: wheel(2), atMs: 200 },
        { type: 'clock-tick', atMs: 300 },
      ],
      spinning,
    );
    expect(queued.phase).toBe('spinning');
    expect(queued.wheel?.version).toBe(1);
    expect(queued.pending.update?.version).toBe(3);
    expect(knownVersion(queued)).toBe(3);

    const landed = reduceDisplay(queued, { type: 'spin-landed', atMs: 11_000 });
    expect(landed.wheel?.version).toBe(1); // the winner's reveal is on the wheel it was drawn from
    expect(landed.pending.dueAtMs).toBe(11_000 + PENDING_APPLY_DELAY_MS);
    expect(PENDING_APPLY_DELAY_MS).toBeLessThanOrEqual(5_000);
    const before = reduceDisplay(landed, { type: 'clock-tick', atMs: 11_000 + PENDING_APPLY_DELAY_MS - 1 });
    expect(before.wheel?.version).toBe(1);
    const applied = reduceDisplay(before, { type: 'clock-tick', atMs: 11_000 + PENDING_APPLY_DELAY_MS });
    expect(applied.wheel?.version).toBe(3);
    expect(applied.pending.update).toBeNull();
    expect(applied.lastSpin?.ticket).toBe('T3');
  });

  it('applies a pending version at once when asked (a new spin starts on the newest wheel)', () => {
    const spinning = startSpin(run([{ type: 'snapshot-verified', wheel: wheel(1), atMs: 0 }]), 0);
    const landed = run(
      [
        { type: 'snapshot-verified', wheel: wheel(2), atMs: 1 },
        { type: 'spin-landed', atMs: 11_000 },
        { type: 'apply-pending-now' },
      ],
      spinning,
    );
    expect(landed.wheel?.version).toBe(2);
    expect(landed.pending.update).toBeNull();
  });

  it('spins on the version the plan names and applies the newer one on screen after the landing', () => {
    const idle = run([{ type: 'snapshot-verified', wheel: wheel(5), atMs: 0 }]);
    const planWheel = wheel(4);
    const plan = planFor(planWheel);
    const spinning = reduceDisplay(idle, {
      type: 'spin-started',
      spin: {
        plan,
        startRotation: 0,
        endRotation: spinEndRotation(planWheel.arcs!, plan, 0),
        startedAtMs: 0,
      },
      wheel: planWheel,
    });
    expect(spinning.phase).toBe('spinning');
    expect(spinning.wheel?.version).toBe(4);
    expect(spinning.pending.update?.version).toBe(5);
    // The newer version arriving again during the spin changes nothing.
    expect(
      reduceDisplay(spinning, { type: 'snapshot-verified', wheel: wheel(5), atMs: 1 }).wheel?.version,
    ).toBe(4);
    const landed = reduceDisplay(spinning, { type: 'spin-landed', atMs: 11_000 });
    expect(landed.lastSpin).toMatchObject({ ticket: plan.ticket, version: 4 });
    expect(
      reduceDisplay(landed, { type: 'clock-tick', atMs: 11_000 + PENDING_APPLY_DELAY_MS }).wheel?.version,
    ).toBe(5);
    // A wheel of another version than the plan's is an impossible start.
    expect(() =>
      reduceDisplay(idle, { type: 'spin-started', spin: spinning.spin!, wheel: wheel(5) }),
    ).toThrow(InvalidTransitionError);
  });

  it('replaces the wheel with a lower version or another checksum the server serves (a restore)', () => {
    const idle = run([{ type: 'snapshot-verified', wheel: wheel(5), atMs: 0 }]);
    // A lower version is not news to the update queue…
    expect(reduceDisplay(idle, { type: 'snapshot-verified', wheel: wheel(3), atMs: 1 }).wheel?.version).toBe(
      5,
    );
    // …but the server's replacement is shown, even at the same version with other entries.
    const restored = reduceDisplay(idle, { type: 'snapshot-replaced', wheel: wheel(3), atMs: 1 });
    expect(restored.wheel?.version).toBe(3);
    expect(knownVersion(restored)).toBe(3);
    const other = wheel(3, 7);
    expect(reduceDisplay(restored, { type: 'snapshot-replaced', wheel: other, atMs: 2 }).wheel).toBe(other);
    // During a spin it waits in the pending slot, replacing a newer pending version.
    const spinning = startSpin(run([{ type: 'snapshot-verified', wheel: wheel(6), atMs: 3 }], idle), 3);
    const queued = reduceDisplay(spinning, { type: 'snapshot-replaced', wheel: wheel(3), atMs: 4 });
    expect(queued.pending.update?.version).toBe(3);
    const landed = reduceDisplay(queued, { type: 'spin-landed', atMs: 11_003 });
    expect(reduceDisplay(landed, { type: 'clock-tick', atMs: 20_000 }).wheel?.version).toBe(3);
  });

  it('keeps the recorded winner of a plan that could not be animated', () => {
    const idle = run([{ type: 'snapshot-verified', wheel: wheel(2), atMs: 0 }]);
    const shown = reduceDisplay(idle, { type: 'winner-shown-unanimated', plan: planFor(wheel(2)) });
    expect(shown.phase).toBe('idle');
    expect(shown.lastSpin).toMatchObject({ id: 'spin-1', ticket: 'T3', name: 'Name 3' });
    expect(() =>
      reduceDisplay(startSpin(idle, 0), { type: 'winner-shown-unanimated', plan: planFor(wheel(2)) }),
    ).toThrow(InvalidTransitionError);
  });

  it('rejects a snapshot whose weights cannot make a wheel', () => {
    const bad = { ...snapshot(1), entries: [{ ticket: 'A', name: 'A', weight: 0 }] };
    expect(prepareWheel(bad)).toEqual({ ok: false, code: 'bad_weights' });
  });
});

describe("reduceDisplay: the page's requests", () => {
  const presenterIdle = (): DisplayState =>
    run([
      { type: 'snapshot-verified', wheel: wheel(1), atMs: 0 },
      { type: 'rights-known', canSpin: true },
    ]);
  const pushed = (id: string) => ({ plan: planFor(wheel(1), { id }), serverStartedAtMs: 1_000 });

  it('holds one draw request at a time, keeps the spin pushed meanwhile, and clears both when it settles', () => {
    const requested = reduceDisplay(presenterIdle(), { type: 'draw-requested' });
    expect(requested.drawRequest).toEqual({ inFlight: true, pushedSpin: null });
    const answered = run(
      [
        { type: 'spin-pushed', spin: pushed('spin-a') },
        { type: 'spin-pushed', spin: pushed('spin-b') },
        { type: 'draw-answered', spinId: 'spin-1' },
      ],
      requested,
    );
    expect(answered.drawRequest.pushedSpin?.plan.id).toBe('spin-b');
    expect(answered.ownSpinIds).toEqual(['spin-1']);
    const settled = reduceDisplay(answered, { type: 'draw-settled' });
    expect(settled.drawRequest).toEqual({ inFlight: false, pushedSpin: null });
    expect(settled.ownSpinIds).toEqual(['spin-1']);
  });

  it('throws on a draw request that cannot be made', () => {
    const requested = reduceDisplay(presenterIdle(), { type: 'draw-requested' });
    expect(() => reduceDisplay(requested, { type: 'draw-requested' })).toThrow(InvalidTransitionError);
    const viewOnly = run([
      { type: 'snapshot-verified', wheel: wheel(1), atMs: 0 },
      { type: 'rights-known', canSpin: false },
    ]);
    expect(() => reduceDisplay(viewOnly, { type: 'draw-requested' })).toThrow(InvalidTransitionError);
    expect(() => reduceDisplay(INITIAL_STATE, { type: 'draw-requested' })).toThrow(InvalidTransitionError);
    expect(() => reduceDisplay(startSpin(presenterIdle(), 0), { type: 'draw-requested' })).toThrow(
      InvalidTransitionError,
    );
  });

  it('keeps a Spin press waiting until the later of its waits has passed, and refuses a draw request meanwhile', () => {
    const waiting = run(
      [
        { type: 'spin-wait-started', untilMs: 5_000 },
        { type: 'spin-wait-started', untilMs: 3_000 },
      ],
      presenterIdle(),
    );
    expect(waiting.spinWait).toEqual({ untilMs: 5_000 });
    expect(() => reduceDisplay(waiting, { type: 'draw-requested' })).toThrow(InvalidTransitionError);
    expect(reduceDisplay(waiting, { type: 'spin-wait-ended', atMs: 4_999 })).toBe(waiting);
    const longer = reduceDisplay(waiting, { type: 'spin-wait-started', untilMs: 7_000 });
    expect(longer.spinWait).toEqual({ untilMs: 7_000 });
    const ended = reduceDisplay(longer, { type: 'spin-wait-ended', atMs: 7_000 });
    expect(ended.spinWait).toBeNull();
    expect(reduceDisplay(ended, { type: 'draw-requested' }).drawRequest.inFlight).toBe(true);
    expect(reduceDisplay(ended, { type: 'spin-wait-ended', atMs: 8_000 })).toBe(ended);
  });

  it('waits while a spin turns on screen, whoever started it', () => {
    const spinning = startSpin(presenterIdle(), 1_000);
    const waiting = reduceDisplay(spinning, { type: 'spin-wait-started', untilMs: 12_000 });
    expect(waiting).toMatchObject({ phase: 'spinning', spinWait: { untilMs: 12_000 } });
  });

  it('throws on answers, pushed spins and settlements without a draw request in flight', () => {
    const idle = presenterIdle();
    expect(() => reduceDisplay(idle, { type: 'draw-answered', spinId: 'spin-1' })).toThrow(
      InvalidTransitionError,
    );
    expect(() => reduceDisplay(idle, { type: 'spin-pushed', spin: pushed('spin-a') })).toThrow(
      InvalidTransitionError,
    );
    expect(() => reduceDisplay(idle, { type: 'draw-settled' })).toThrow(InvalidTransitionError);
  });

  it("keeps where a spin landed, and queues it for the server once it is known to be this page's own", () => {
    const own = run(
      [{ type: 'draw-requested' }, { type: 'draw-answered', spinId: 'spin-1' }, { type: 'draw-settled' }],
      presenterIdle(),
    );
    const spinning = startSpin(own, 1_000);
    const landed = reduceDisplay(spinning, { type: 'spin-landed', atMs: 12_050 });
    const spin = spinning.spin!;
    expect(landed.landings.pending).toEqual({
      id: 'spin-1',
      index: indexAt(spinning.wheel!.arcs!, spin.endRotation),
      durationMs: 11_050,
    });
    const queued = reduceDisplay(landed, { type: 'landing-queued' });
    expect(queued.landings.pending).toBeNull();
    expect(queued.landings.unsent.map((report) => report.id)).toEqual(['spin-1']);
    expect(queued.ownSpinIds).toEqual([]);
    // Another display's spin: kept as pending, never queued.
    const othersLanded = reduceDisplay(startSpin(queued, 20_000, { id: 'spin-2' }), {
      type: 'spin-landed',
      atMs: 31_000,
    });
    expect(othersLanded.landings.pending?.id).toBe('spin-2');
    expect(() => reduceDisplay(othersLanded, { type: 'landing-queued' })).toThrow(InvalidTransitionError);
    expect(() => reduceDisplay(queued, { type: 'landing-queued' })).toThrow(InvalidTransitionError);
  });

  it('sends landed reports one sender at a time and keeps at most UNSENT_LANDINGS_MAX of them', () => {
    let state = presenterIdle();
    for (let i = 0; i < UNSENT_LANDINGS_MAX + 2; i++) {
      const id = `spin-${i}`;
      state = run(
        [{ type: 'draw-requested' }, { type: 'draw-answered', spinId: id }, { type: 'draw-settled' }],
        state,
      );
      state = reduceDisplay(startSpin(state, i * 20_000, { id }), {
        type: 'spin-landed',
        atMs: i * 20_000 + 11_000,
      });
      state = reduceDisplay(state, { type: 'landing-queued' });
    }
    expect(state.landings.unsent).toHaveLength(UNSENT_LANDINGS_MAX);
    expect(state.landings.unsent[0]?.id).toBe('spin-2');
    expect(() => reduceDisplay(state, { type: 'landing-sent', spinId: 'spin-2' })).toThrow(
      InvalidTransitionError,
    );
    expect(() => reduceDisplay(state, { type: 'landing-send-ended' })).toThrow(InvalidTransitionError);
    const sending = reduceDisplay(state, { type: 'landing-send-started' });
    expect(() => reduceDisplay(sending, { type: 'landing-send-started' })).toThrow(InvalidTransitionError);
    const sent = run(
      [
        { type: 'landing-sent', spinId: 'spin-2' },
        { type: 'landing-sent', spinId: 'spin-0' }, // dropped meanwhile: nothing to remove
        { type: 'landing-send-ended' },
      ],
      sending,
    );
    expect(sent.landings.unsent).toHaveLength(UNSENT_LANDINGS_MAX - 1);
    expect(sent.landings.sending).toBe(false);
  });

  it('flushes the outbox one upload at a time, on a presenter page only', () => {
    const viewOnly = run([{ type: 'rights-known', canSpin: false }]);
    expect(() => reduceDisplay(viewOnly, { type: 'outbox-flush-started' })).toThrow(InvalidTransitionError);
    const flushing = reduceDisplay(presenterIdle(), { type: 'outbox-flush-started' });
    expect(flushing.outbox.flushing).toBe(true);
    expect(() => reduceDisplay(flushing, { type: 'outbox-flush-started' })).toThrow(InvalidTransitionError);
    const done = run([{ type: 'outbox-counted', size: 3 }, { type: 'outbox-flush-ended' }], flushing);
    expect(done.outbox).toEqual({ flushing: false, size: 3 });
    expect(() => reduceDisplay(done, { type: 'outbox-flush-ended' })).toThrow(InvalidTransitionError);
  });
});
