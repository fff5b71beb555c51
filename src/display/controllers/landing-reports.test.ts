import { describe, expect, it } from 'vitest';
import { spinEndRotation } from '../../core/index.ts';
import type { DisplayStore } from '../machine/display-store.ts';
import type { LandedReportOutcome } from '../net/presenter-api.ts';
import { idleStore, testPlan } from '../test-support/fakes.ts';
import { createLandingReports } from './landing-reports.ts';

/** Runs a spin to its landing; `own` when this page asked the server for it. */
function land(store: DisplayStore, id: string, own: boolean): void {
  if (own) {
    store.dispatch({ type: 'draw-requested' });
    store.dispatch({ type: 'draw-answered', spinId: id });
    store.dispatch({ type: 'draw-settled' });
  }
  const state = store.getState();
  const plan = testPlan(1, { id });
  const endRotation = spinEndRotation(state.wheel!.arcs!, plan, state.rotation);
  store.dispatch({
    type: 'spin-started',
    spin: { plan, startRotation: state.rotation, endRotation, startedAtMs: 0 },
  });
  store.dispatch({ type: 'spin-landed', atMs: 11_020 });
}

function setUp(outcomes: LandedReportOutcome[]) {
  const store = idleStore();
  const sent: Array<[string, number, number]> = [];
  const landings = createLandingReports({
    getState: store.getState,
    dispatch: store.dispatch,
    presenter: {
      reportLanded: async (id, index, durationMs) => {
        sent.push([id, index, durationMs]);
        return outcomes.shift() ?? 'recorded';
      },
    },
  });
  return { store, landings, sent };
}

describe('createLandingReports', () => {
  it("reports where this page's own spin landed, once", async () => {
    const { store, landings, sent } = setUp([]);
    land(store, 'spin-1', true);
    await landings.reportOwnLanding();
    await landings.reportOwnLanding();
    expect(sent).toEqual([['spin-1', 3, 11_020]]);
    expect(store.getState().landings).toEqual({ pending: null, unsent: [], sending: false });
  });

  it("does not report another display's spin", async () => {
    const { store, landings, sent } = setUp([]);
    land(store, 'spin-9', false);
    await landings.reportOwnLanding();
    expect(sent).toEqual([]);
    expect(store.getState().landings.pending?.id).toBe('spin-9');
  });

  it('keeps a report the server could not take and sends it when it answers again', async () => {
    const { store, landings, sent } = setUp(['unreachable', 'recorded']);
    land(store, 'spin-1', true);
    await landings.reportOwnLanding();
    expect(store.getState().landings.unsent.map((report) => report.id)).toEqual(['spin-1']);
    await landings.sendUnsent();
    expect(sent.map(([id]) => id)).toEqual(['spin-1', 'spin-1']);
    expect(store.getState().landings.unsent).toEqual([]);
  });
});
