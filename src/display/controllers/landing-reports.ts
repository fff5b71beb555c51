import type { PresenterApi } from '../net/presenter-api.ts';
import type { ControllerDeps } from './deps.ts';

/** Tells the server where this page's own spins landed, again later when it was unreachable. */
export interface LandingReports {
  /** Queues the pending landing when it is this page's own spin, then sends what is queued. */
  reportOwnLanding(): Promise<void>;
  /** Sends the queued reports, oldest first, until the server is unreachable. */
  sendUnsent(): Promise<void>;
}

export function createLandingReports(
  deps: Pick<ControllerDeps, 'getState' | 'dispatch'> & { presenter: Pick<PresenterApi, 'reportLanded'> },
): LandingReports {
  const { getState, dispatch } = deps;
  const sendUnsent = async (): Promise<void> => {
    if (getState().landings.sending) return;
    dispatch({ type: 'landing-send-started' });
    try {
      for (
        let report = getState().landings.unsent[0];
        report !== undefined;
        report = getState().landings.unsent[0]
      ) {
        const outcome = await deps.presenter.reportLanded(report.id, report.index, report.durationMs);
        if (outcome === 'unreachable') return;
        dispatch({ type: 'landing-sent', spinId: report.id });
      }
    } finally {
      dispatch({ type: 'landing-send-ended' });
    }
  };
  return {
    async reportOwnLanding() {
      const state = getState();
      const report = state.landings.pending;
      if (report === null || !state.ownSpinIds.includes(report.id)) return;
      dispatch({ type: 'landing-queued' });
      await sendUnsent();
    },
    sendUnsent,
  };
}
