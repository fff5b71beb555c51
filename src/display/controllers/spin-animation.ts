import { checkSpinPlan, spinEndRotation, type SpinPlan } from '../../core/index.ts';
import type { PresentationEffects } from '../effects/presentation-effects.ts';
import { fetchCurrentSpin } from '../net/current-spin.ts';
import type { ServerClock } from '../net/server-clock.ts';
import type { ShownWheel } from '../machine/display-machine.ts';
import { screenArcs, screenPositionOf, wheelForPlan } from '../machine/wheel-pool.ts';
import type { ControllerDeps } from './deps.ts';
import type { PageView } from './page-view.ts';

const LANDING_BACKUP_DELAY_MS = 500;
/** A spin placed this far in the future by the measured clock offset is still believed (estimate error). */
const MAX_CLOCK_ERROR_MS = 1_000;
/** Measuring the server's clock takes up to this many round trips, fewer once one is this short. */
const CLOCK_MEASUREMENT_REQUESTS = 5;
const SHORT_ROUND_TRIP_MS = 50;

export interface AnimateOptions {
  /** A draw made on this display (offline). */
  local?: boolean;
  /** When the server started the spin, on its clock. */
  serverStartedAtMs?: number | null;
  /** How long the spin has already been turning (so it starts where the other screens have it). */
  elapsedMs?: number;
}

export interface SpinAnimationDeps extends ControllerDeps {
  slug: string;
  /** This display, named when it asks for the running spin. */
  displayId?: string;
  serverClock: ServerClock;
  view: Pick<PageView, 'hideReveal' | 'setAttribute' | 'revealWinner'>;
  effects: Pick<PresentationEffects, 'animationStarted'>;
  /** The wheel of the version a plan names (immutable): on screen, pending or fetched. */
  wheelOfVersion(version: number): Promise<ShownWheel | null>;
  /** Runs the frame that shows a landing when no animation frame comes (a hidden tab). */
  landByTimer(): void;
  onPlanProblem(description: string): void;
}

/** Animates spin plans on this display: placed on the page clock so every screen lands together. */
export interface SpinAnimation {
  animateSpin(plan: SpinPlan, options?: AnimateOptions): Promise<void>;
}

/** Measures the server's clock (round trips to spins/current). */
async function measureServerClock(deps: SpinAnimationDeps): Promise<void> {
  for (let request = 0; request < CLOCK_MEASUREMENT_REQUESTS; request++) {
    await fetchCurrentSpin({
      fetch: deps.fetch,
      clock: deps.clock,
      slug: deps.slug,
      serverClock: deps.serverClock,
    });
    if ((deps.serverClock.bestRoundTripMs() ?? Infinity) <= SHORT_ROUND_TRIP_MS) break;
  }
}

/**
 * The page-clock time at which the server started a spin, through the measured clock offset
 * (measured now when there is no fresh measurement or it places the start where no running spin can
 * be); the arrival time when the server's start is unknown or cannot be placed.
 */
export async function localStartOf(
  deps: SpinAnimationDeps,
  plan: SpinPlan,
  serverStartedAtMs: number | null,
): Promise<number> {
  const { clock, serverClock } = deps;
  if (serverStartedAtMs === null) return clock.now();
  const plausible = (localMs: number | null): localMs is number =>
    localMs !== null &&
    clock.now() - localMs < plan.durationMs &&
    localMs - clock.now() <= MAX_CLOCK_ERROR_MS;
  let localMs = serverClock.toLocalMs(serverStartedAtMs);
  if (!plausible(localMs)) {
    serverClock.forget();
    await measureServerClock(deps);
    localMs = serverClock.toLocalMs(serverStartedAtMs);
  }
  return plausible(localMs) ? localMs : clock.now();
}

function reportPlanProblem(deps: SpinAnimationDeps, plan: SpinPlan, problem: string): void {
  deps.onPlanProblem(`${plan.id}: ${problem}`);
  deps.view.setAttribute('data-plan-problem', problem);
  console.error(`prizewheel: spin plan ${plan.id} not animated: ${problem}`);
}

async function animateSpin(
  deps: SpinAnimationDeps,
  plan: SpinPlan,
  options: AnimateOptions = {},
): Promise<void> {
  const { getState, clock } = deps;
  const alreadyShown = (): boolean =>
    getState().spin?.plan.id === plan.id || getState().lastSpin?.id === plan.id;
  if (alreadyShown() || plan.wheel !== deps.slug) return;
  if (getState().phase === 'spinning') {
    console.warn(`prizewheel: spin ${plan.id} arrived during another spin; skipped`);
    return;
  }
  // NOTE: the plan is animated on the version it names, even when a newer one is on screen (with
  // "Remove winners" the version without the winner is published with the draw and may arrive
  // first); the newer one waits until after the landing.
  const planWheel = await deps.wheelOfVersion(plan.version);
  // Every screen starts at the server's start time, so they land together; one that joined late
  // starts where the others are.
  const localStartedAtMs =
    options.elapsedMs === undefined
      ? await localStartOf(deps, plan, options.serverStartedAtMs ?? null)
      : clock.now() - options.elapsedMs;
  const state = getState();
  if (alreadyShown() || state.phase === 'spinning') return;
  const startRotation = state.rotation;
  const problem =
    planWheel === null || planWheel.arcs === null
      ? 'version_mismatch'
      : checkSpinPlan(plan, planWheel.snapshot, planWheel.arcs, startRotation);
  if (problem !== null || planWheel === null || planWheel.arcs === null) {
    reportPlanProblem(deps, plan, problem ?? 'version_mismatch');
    // The server recorded this winner: say so as text rather than animate anything else (a
    // display never draws a winner of its own when a plan fails its checks).
    deps.dispatch({ type: 'winner-shown-unanimated', plan });
    deps.view.revealWinner(plan);
    return;
  }
  // A prize's spin turns its pool as it was before this press (the plan names the snapshot index).
  const pooled = wheelForPlan(planWheel, state.program, plan);
  if (pooled === null && plan.prizeId !== undefined) deps.onPlanProblem(`${plan.id}: winner_not_in_pool`);
  const spunWheel = pooled ?? { ...planWheel, pool: null };
  const position = screenPositionOf(spunWheel, plan.targetIndex);
  const endRotation = spinEndRotation(
    screenArcs(spunWheel) ?? planWheel.arcs,
    { ...plan, targetIndex: position },
    startRotation,
  );
  deps.view.hideReveal();
  const startedAtMs = Math.max(clock.now() - plan.durationMs, localStartedAtMs);
  const spin = { plan, startRotation, endRotation, startedAtMs };
  deps.dispatch({ type: 'spin-started', spin, wheel: spunWheel });
  deps.effects.animationStarted(spin, { viewOnly: getState().canSpin !== true });
  if (!options.local) deps.view.setAttribute('data-last-draw-mode', 'server');
  // A hidden tab gets no animation frames: land by timer then, so the landing is still reported.
  clock.setTimeout(
    () => {
      if (getState().spin?.plan.id === plan.id) deps.landByTimer();
    },
    startedAtMs + plan.durationMs - clock.now() + LANDING_BACKUP_DELAY_MS,
  );
}

// NOTE: a display that opens mid-spin joins it through the spin poll's first check (spin-poll.ts).
export function createSpinAnimation(deps: SpinAnimationDeps): SpinAnimation {
  return {
    animateSpin: (plan, options) => animateSpin(deps, plan, options),
  };
}
