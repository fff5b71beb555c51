import type { OfflineSpinPolicy, RandomSource, SpinPlan } from '../../core/index.ts';
import { drawFromVoucher } from '../local-draw.ts';
import type { OfflineVouchers } from '../net/offline-vouchers.ts';
import type { DrawOutbox } from '../net/outbox.ts';
import type { PresenterApi } from '../net/presenter-api.ts';
import { logFailure, type ControllerDeps } from './deps.ts';
import type { LandingReports } from './landing-reports.ts';
import type { PageView } from './page-view.ts';
import type { AnimateOptions } from './spin-animation.ts';

/** A draw request that fails is tried this many times in all, this far apart, before going local. */
const DRAW_REQUEST_ATTEMPTS = 2;
const DRAW_RETRY_DELAY_MS = 1_000;
/** A stale answer (a newer version exists) is followed by fetching it and asking again, this often at most. */
const STALE_ROUNDS_MAX = 2;

export interface DrawRequestDeps extends ControllerDeps {
  slug: string;
  presenter: Pick<PresenterApi, 'requestDraw'>;
  outbox: Pick<DrawOutbox, 'add' | 'flush'>;
  /** The server-issued vouchers an offline draw takes its winner from. */
  vouchers: Pick<OfflineVouchers, 'take' | 'topUp'>;
  landings: Pick<LandingReports, 'reportOwnLanding'>;
  view: Pick<PageView, 'showNotice' | 'setAttribute'>;
  drawRandom: RandomSource;
  displayId: string;
  /** 'refuse': a presenter page whose server is unreachable shows a notice instead of drawing itself. */
  offlineSpins(): OfflineSpinPolicy;
  pollNow(): Promise<void>;
  animateSpin(plan: SpinPlan, options?: AnimateOptions): Promise<void>;
  onLocalDraw(): void;
}

/** The presenter's draws: asked of the server, made on this display when the server cannot answer. */
export interface DrawRequests {
  /** Asks the server to draw (Space, the Spin button) and animates its plan. Presenter pages only. */
  requestDraw(): Promise<void>;
  /** A spin the server pushed: animated now, or after this page's own draw request has settled. */
  receivePushedSpin(plan: SpinPlan, serverStartedAtMs: number | null): void;
}

/** Shown instead of an offline draw on a wheel with prizes. */
export const OFFLINE_PRIZES_NOTICE = 'Offline — waiting for the server.';
const SPINS_PAUSED_NOTICE = 'The server cannot be reached: spins are paused until it is back.';

/**
 * Draws offline on this display from the next server-issued voucher for the version on screen,
 * animates it like any spin and keeps it in the outbox until the server records it. Without a
 * voucher it shows that spins are paused: the display never picks a winner itself.
 */
async function drawOnDisplay(deps: DrawRequestDeps): Promise<void> {
  const state = deps.getState();
  const wheel = state.wheel;
  if (wheel === null || wheel.arcs === null || state.phase !== 'idle') return;
  // A wheel with prizes is never drawn offline (the server refuses such draws: the rules need the log).
  if ((wheel.snapshot.prizes?.length ?? 0) > 0) {
    deps.view.showNotice(OFFLINE_PRIZES_NOTICE);
    return;
  }
  const voucher = deps.offlineSpins() === 'refuse' ? null : await deps.vouchers.take(wheel.snapshot);
  if (voucher === null) {
    deps.view.showNotice(SPINS_PAUSED_NOTICE);
    return;
  }
  const drawnAt = new Date(deps.clock.wallNow());
  const { plan, draw } = drawFromVoucher(deps.drawRandom, wheel.snapshot, voucher, drawnAt, deps.displayId);
  deps.onLocalDraw();
  deps.view.setAttribute('data-last-draw-mode', 'offline');
  await deps.outbox.add(draw);
  console.warn(`prizewheel: offline draw ${plan.id} made on this display from voucher ${voucher.id}`);
  await deps.animateSpin(plan, { local: true });
  void deps.outbox
    .flush()
    .then(() => deps.vouchers.topUp())
    .catch(logFailure('outbox upload'));
}

/** One draw request, with its retries; the caller has dispatched draw-requested. */
async function askServerToDraw(deps: DrawRequestDeps): Promise<void> {
  const { getState, dispatch, clock } = deps;
  if (getState().pending.update !== null) dispatch({ type: 'apply-pending-now' });
  let staleRounds = 0;
  let failedAttempts = 0;
  for (;;) {
    const wheel = getState().wheel;
    if (wheel === null || getState().phase !== 'idle') return;
    const requestSentAtMs = clock.now();
    const result = await deps.presenter.requestDraw(wheel.version);
    if (result.kind === 'plan') {
      dispatch({ type: 'draw-answered', spinId: result.plan.id });
      if (getState().lastSpin?.id === result.plan.id) void deps.landings.reportOwnLanding();
      // NOTE: the server drew the spin about half a round trip ago, and the other screens place it
      // at that moment through their clock offsets; this screen places it the same way from its
      // own request's round trip, with no clock offset and no extra request before the spin the
      // audience just asked for (a misplaced offset could cut the spin short).
      await deps.animateSpin(result.plan, { elapsedMs: (clock.now() - requestSentAtMs) / 2 });
      return;
    }
    if (result.kind === 'stale') {
      // A newer version exists: fetch it, apply it, ask again.
      if (++staleRounds > STALE_ROUNDS_MAX) return;
      await deps.pollNow();
      if (getState().pending.update !== null && getState().phase !== 'spinning')
        dispatch({ type: 'apply-pending-now' });
      continue;
    }
    if (result.kind === 'busy') {
      // The wheel still turns (on another screen, maybe) or the presenter asked too often: the page
      // shows the wait; nothing is drawn here and the server is not unreachable.
      dispatch({ type: 'spin-wait-started', untilMs: clock.now() + result.retryAfterMs });
      return;
    }
    if (result.kind === 'forbidden') {
      dispatch({ type: 'rights-known', canSpin: false });
      return;
    }
    console.warn('prizewheel: draw request failed', result.code, result.detail);
    if (result.code === 'bad_plan') {
      // The server recorded a draw but its answer is not a plan: the display draws no winner of its
      // own; the spin's event (animated once this request settles) shows the recorded one.
      deps.view.setAttribute('data-plan-problem', 'bad_plan');
      return;
    }
    // A 4xx is the server saying no (e.g. nothing published): nothing to draw locally.
    if (result.code === 'http_status' && result.status !== undefined && result.status < 500) return;
    if (++failedAttempts < DRAW_REQUEST_ATTEMPTS) {
      await new Promise<void>((resolve) => clock.setTimeout(resolve, DRAW_RETRY_DELAY_MS));
      continue;
    }
    dispatch({ type: 'sync-failed', atMs: clock.now() });
    await drawOnDisplay(deps);
    return;
  }
}

/**
 * Whether a Spin press asks the server now. While a spin turns on screen (this page's, or one it
 * joined) or a wait is on, the press shows the wait instead (until the landing the plan names).
 */
function mayAskNow({ getState, dispatch, clock }: DrawRequestDeps): boolean {
  const state = getState();
  if (state.canSpin !== true || state.drawRequest.inFlight) return false;
  if (state.spin !== null) {
    dispatch({ type: 'spin-wait-started', untilMs: state.spin.startedAtMs + state.spin.plan.durationMs });
    return false;
  }
  if (state.spinWait !== null) dispatch({ type: 'spin-wait-ended', atMs: clock.now() });
  return getState().spinWait === null && getState().phase === 'idle';
}

export function createDrawRequests(deps: DrawRequestDeps): DrawRequests {
  const { getState, dispatch } = deps;
  return {
    async requestDraw() {
      if (!mayAskNow(deps)) return;
      dispatch({ type: 'draw-requested' });
      try {
        await askServerToDraw(deps);
      } finally {
        const pushed = getState().drawRequest.pushedSpin;
        dispatch({ type: 'draw-settled' });
        if (pushed !== null) {
          void deps
            .animateSpin(pushed.plan, { serverStartedAtMs: pushed.serverStartedAtMs })
            .catch(logFailure('spin event'));
        }
      }
    },
    receivePushedSpin(plan, serverStartedAtMs) {
      // NOTE: the event of this page's own spin can overtake the answer to its request; the answer
      // animates it (at once, see requestDraw). The event is used only if the answer is lost.
      if (getState().drawRequest.inFlight)
        dispatch({ type: 'spin-pushed', spin: { plan, serverStartedAtMs } });
      else void deps.animateSpin(plan, { serverStartedAtMs }).catch(logFailure('spin event'));
    },
  };
}
