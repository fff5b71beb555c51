import { describe, expect, it } from 'vitest';
import {
  deriveOfflineIndex,
  spinEndRotation,
  type OfflineDrawUpload,
  type OfflineSpinPolicy,
  type OfflineVoucher,
  type SpinPlan,
} from '../../core/index.ts';
import { createCryptoRandom } from '../local-draw.ts';
import type { DrawRequestResult } from '../net/presenter-api.ts';
import { createManualClock, MANUAL_CLOCK_WALL_START_MS } from '../test-support/manual-clock.ts';
import { idleStore, testPlan, testProgramWheel, testSnapshot } from '../test-support/fakes.ts';
import type { AnimateOptions } from './spin-animation.ts';
import { createDrawRequests, OFFLINE_PRIZES_NOTICE } from './draw-request.ts';

/** A voucher the server issued for the test wheel's version 1. */
const VOUCHER: OfflineVoucher = {
  id: 'voucher-1',
  version: 1,
  checksum: testSnapshot(1).checksum,
  seed: 'ab'.repeat(32),
};

function setUp(
  answers: Array<DrawRequestResult | (() => Promise<DrawRequestResult>)>,
  offlineSpins: OfflineSpinPolicy = 'allow',
  held: OfflineVoucher[] = [VOUCHER],
) {
  const manual = createManualClock();
  const store = idleStore();
  const animated: Array<{ plan: SpinPlan; options: AnimateOptions | undefined }> = [];
  const uploaded: OfflineDrawUpload[] = [];
  const notices: string[] = [];
  const attributes = new Map<string, string>();
  const requestedVersions: number[] = [];
  const taken: OfflineVoucher[] = [];
  const draws = createDrawRequests({
    getState: store.getState,
    dispatch: store.dispatch,
    clock: manual.clock,
    fetch: () => Promise.reject(new Error('no fetch in this test')),
    slug: 'gala',
    presenter: {
      requestDraw: async (version) => {
        requestedVersions.push(version);
        const answer = answers.shift() ?? { kind: 'failed', code: 'network', detail: 'down' };
        return typeof answer === 'function' ? answer() : answer;
      },
    },
    outbox: { add: async (draw) => void uploaded.push(draw), flush: async () => undefined },
    vouchers: {
      take: async (snapshot) => {
        const index = held.findIndex(
          (voucher) => voucher.version === snapshot.version && voucher.checksum === snapshot.checksum,
        );
        if (index < 0) return null;
        taken.push(...held.splice(index, 1));
        return taken.at(-1)!;
      },
      topUp: async () => undefined,
    },
    landings: { reportOwnLanding: async () => undefined },
    view: {
      showNotice: (text) => void notices.push(text),
      setAttribute: (name, value) => void attributes.set(name, value),
    },
    drawRandom: createCryptoRandom(),
    displayId: 'display-1',
    offlineSpins: () => offlineSpins,
    pollNow: async () => undefined,
    animateSpin: async (plan, options) => void animated.push({ plan, options }),
    onLocalDraw: () => undefined,
  });
  return { manual, store, draws, animated, uploaded, notices, requestedVersions, attributes, taken };
}

describe('createDrawRequests', () => {
  it('draws no winner of its own when the server answers something that is not a plan', async () => {
    const { draws, animated, uploaded, attributes, store } = setUp([
      { kind: 'failed', code: 'bad_plan', detail: 'not a plan' },
    ]);
    await draws.requestDraw();
    expect(uploaded).toEqual([]);
    expect(animated).toEqual([]);
    expect(attributes.get('data-plan-problem')).toBe('bad_plan');
    expect(store.getState().phase).toBe('idle');
  });

  it("asks the server to draw and animates its plan from half the request's round trip ago", async () => {
    const { manual, store, draws, animated, requestedVersions } = setUp([
      () => manual.advance(300).then(() => ({ kind: 'plan', plan: testPlan(1) })),
    ]);
    await draws.requestDraw();
    expect(requestedVersions).toEqual([1]);
    expect(animated).toEqual([{ plan: testPlan(1), options: { elapsedMs: 150 } }]);
    expect(store.getState().ownSpinIds).toEqual(['spin-1']);
    expect(store.getState().drawRequest.inFlight).toBe(false);
  });

  it('animates a spin pushed during the request only after the request settled', async () => {
    const { manual, store, draws, animated } = setUp([
      () => manual.advance(1_000).then(() => ({ kind: 'forbidden', status: 403 })),
    ]);
    const request = draws.requestDraw();
    await manual.settle();
    expect(store.getState().drawRequest.inFlight).toBe(true);
    draws.receivePushedSpin(testPlan(1, { id: 'spin-7' }), 123);
    expect(animated).toEqual([]);
    await request;
    await manual.settle();
    expect(animated).toEqual([{ plan: testPlan(1, { id: 'spin-7' }), options: { serverStartedAtMs: 123 } }]);
    expect(store.getState().canSpin).toBe(false);
    draws.receivePushedSpin(testPlan(1, { id: 'spin-8' }), 456);
    expect(animated).toHaveLength(2);
  });

  it("tries twice, a second apart, then draws the voucher's winner on this display with the wall time of the draw", async () => {
    const { manual, draws, animated, uploaded, requestedVersions, taken } = setUp([]);
    const request = draws.requestDraw();
    await manual.settle();
    expect(requestedVersions).toHaveLength(1);
    await manual.advance(999);
    expect(requestedVersions).toHaveLength(1);
    await manual.advance(1);
    await request;
    expect(requestedVersions).toHaveLength(2);
    expect(uploaded).toHaveLength(1);
    expect(uploaded[0]).toMatchObject({ voucherId: 'voucher-1', version: 1, displayId: 'display-1' });
    expect(uploaded[0]).not.toHaveProperty('ticket');
    expect(uploaded[0]?.drawnAt).toBe(new Date(MANUAL_CLOCK_WALL_START_MS + 1_000).toISOString());
    const snapshot = testSnapshot(1);
    const derived = deriveOfflineIndex(
      VOUCHER.seed,
      snapshot.checksum,
      snapshot.entries.map((entry) => entry.weight),
    );
    expect(animated[0]?.plan).toMatchObject({
      targetIndex: derived,
      ticket: snapshot.entries[derived]!.ticket,
    });
    expect(animated[0]?.options).toEqual({ local: true });
    expect(taken).toEqual([VOUCHER]);
  });

  it('shows that spins are paused, drawing nothing, without a voucher for the version on screen', async () => {
    const otherVersion = { ...VOUCHER, version: 2, checksum: testSnapshot(2).checksum };
    const { manual, draws, animated, uploaded, notices } = setUp([], 'allow', [otherVersion]);
    const request = draws.requestDraw();
    await manual.advance(1_000);
    await request;
    expect(uploaded).toEqual([]);
    expect(animated).toEqual([]);
    expect(notices).toEqual(['The server cannot be reached: spins are paused until it is back.']);
  });

  it('never draws offline on a wheel with prizes: "offline — waiting for the server"', async () => {
    const { manual, store, draws, animated, uploaded, notices, taken } = setUp([]);
    store.dispatch({ type: 'snapshot-verified', wheel: testProgramWheel(2), atMs: 0 });
    const request = draws.requestDraw();
    await manual.advance(1_000);
    await request;
    expect(uploaded).toEqual([]);
    expect(animated).toEqual([]);
    expect(taken).toEqual([]);
    expect(notices).toEqual([OFFLINE_PRIZES_NOTICE]);
  });

  it('shows a notice instead when offline spins are refused', async () => {
    const { manual, store, draws, uploaded, notices, taken } = setUp([], 'refuse');
    const request = draws.requestDraw();
    await manual.advance(1_000);
    await request;
    expect(uploaded).toEqual([]);
    expect(taken).toEqual([]);
    expect(notices).toHaveLength(1);
    expect(store.getState().connection).toBe('offline');
  });

  it('asks nothing on a view-only page or while a request is in flight', async () => {
    const { manual, store, draws, requestedVersions } = setUp([
      () =>
        manual.advance(100).then(() => ({ kind: 'failed', code: 'http_status', detail: '409', status: 409 })),
    ]);
    const first = draws.requestDraw();
    await draws.requestDraw();
    await first;
    expect(requestedVersions).toHaveLength(1);
    store.dispatch({ type: 'rights-known', canSpin: false });
    await draws.requestDraw();
    expect(requestedVersions).toHaveLength(1);
  });

  it('shows the wait the server names (409 spin_in_progress) instead of going offline, then asks again', async () => {
    const { manual, store, draws, animated, uploaded, requestedVersions } = setUp([
      () => manual.advance(200).then(() => ({ kind: 'busy', retryAfterMs: 4_000 })),
      { kind: 'plan', plan: testPlan(1) },
    ]);
    await draws.requestDraw();
    expect(store.getState().spinWait).toEqual({ untilMs: 4_200 });
    expect(store.getState().connection).toBe('online');
    expect(uploaded).toEqual([]);
    expect(animated).toEqual([]);
    await manual.advance(3_999);
    await draws.requestDraw(); // still waiting: nothing asked
    expect(requestedVersions).toHaveLength(1);
    await manual.advance(1);
    await draws.requestDraw();
    expect(requestedVersions).toHaveLength(2);
    expect(store.getState().spinWait).toBeNull();
    expect(animated.map((spin) => spin.plan.id)).toEqual(['spin-1']);
  });

  it('shows the wait until the landing when Spin is pressed while a spin turns on screen', async () => {
    const { manual, store, draws, requestedVersions } = setUp([]);
    await manual.advance(1_000);
    const wheel = store.getState().wheel!;
    const plan = testPlan(1, { id: 'joined' });
    const endRotation = spinEndRotation(wheel.arcs!, plan, 0);
    store.dispatch({ type: 'spin-started', spin: { plan, startRotation: 0, endRotation, startedAtMs: 500 } });
    await draws.requestDraw();
    expect(requestedVersions).toEqual([]);
    expect(store.getState().spinWait).toEqual({ untilMs: 500 + plan.durationMs });
  });
});
