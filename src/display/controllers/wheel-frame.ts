import { indexAt } from '../../core/index.ts';
import type { PrizewheelDiagnostics } from '../diagnostics-api.ts';
import type { PresentationEffects } from '../effects/presentation-effects.ts';
import { spinHasEnded, type DisplayState, type ShownWheel } from '../machine/display-machine.ts';
import { screenArcs, screenEntries } from '../machine/wheel-pool.ts';
import type { FrameStats } from '../render/frame-stats.ts';
import type { WheelContent, WheelRenderer } from '../render/wheel-renderer.ts';
import { markTiming } from '../timing-marks.ts';
import type { ControllerDeps } from './deps.ts';
import type { FrameTasks } from './frame-tasks.ts';
import type { PageView } from './page-view.ts';

export interface WheelFrameDeps extends Pick<ControllerDeps, 'getState' | 'dispatch' | 'clock'> {
  renderer: Pick<WheelRenderer, 'draw' | 'layout'>;
  frames: Pick<FrameStats, 'frameAt' | 'workMs'>;
  effects: Pick<PresentationEffects, 'rotationAt' | 'frame' | 'landed' | 'celebrate'>;
  view: Pick<PageView, 'setAttribute' | 'updateCallout' | 'updateLayout' | 'revealWinner' | 'updateSpinWait'>;
  tasks: FrameTasks;
  diagnostics: Pick<PrizewheelDiagnostics, 'firstWheelPaintMs' | 'lastLanding'>;
  /** The wheel came to rest: its landing is pending in the state. */
  onLanded(): void;
  /** A prize card shares the screen (the wheel leaves it room). */
  hasCard?(): boolean;
  /** The wheel has a title or a logo (the header band takes the top of the screen). */
  hasHeader?(): boolean;
  /** After the frame's work (the diagnostics panel). */
  afterFrame(nowMs: number): void;
}

/**
 * The bitmap's content for the wheel on screen, the same object while its key is the same (the
 * snapshot's checksum, and the prize pool's key while a prize's pool is on the wheel).
 */
function createContentOf(): (wheel: ShownWheel | null) => WheelContent | null {
  let content: WheelContent | null = null;
  return (wheel) => {
    const arcs = wheel === null ? null : screenArcs(wheel);
    if (wheel === null || arcs === null) {
      if (wheel?.arcs === null) content = null;
      return content;
    }
    const key = wheel.pool ? `${wheel.snapshot.checksum}|${wheel.pool.key}` : wheel.snapshot.checksum;
    if (key !== content?.checksum) content = { checksum: key, entries: screenEntries(wheel), arcs };
    return content;
  };
}

/** The wheel came to rest at `nowMs`: the machine learns it, the winner is shown over the next frames. */
function land(
  deps: WheelFrameDeps,
  state: DisplayState,
  rotation: number,
  nowMs: number,
  inFrame: boolean,
): void {
  const landing = state.spin;
  if (landing === null) return;
  deps.dispatch({ type: 'spin-landed', atMs: nowMs });
  deps.diagnostics.lastLanding = {
    spinId: landing.plan.id,
    scheduledAtMs: landing.startedAtMs + landing.plan.durationMs,
    landedAtMs: nowMs,
  };
  deps.view.updateCallout(deps.getState(), rotation, nowMs); // the winner, not a throttled name from the last frames
  deps.effects.landed();
  // The landing spread over frames: the reveal's layout (~12 ms of large text) in the next one,
  // the confetti's canvas (~16 ms on a software-rastered screen) in the one after.
  const plan = landing.plan;
  const revealThenCelebrate = (): void => {
    deps.view.revealWinner(plan);
    deps.tasks.nextFrame(() => deps.effects.celebrate());
  };
  if (inFrame) deps.tasks.nextFrame(revealThenCelebrate);
  else revealThenCelebrate();
  deps.onLanded();
}

/**
 * The page's work per animation frame: draws the wheel at the time's rotation, keeps the callout and
 * sounds in step and lands the spin. Called without a frame time it is the landing timer of a hidden tab.
 */
export function createWheelFrame(deps: WheelFrameDeps): (frameTimeMs?: number) => void {
  const { getState, clock } = deps;
  const contentOf = createContentOf();
  return (frameTimeMs) => {
    const nowMs = clock.now();
    if (frameTimeMs !== undefined) deps.frames.frameAt(frameTimeMs);
    deps.tasks.runQueued();
    const waiting = getState().pending.update !== null || getState().programDueAtMs !== null;
    if (waiting && getState().phase === 'idle') deps.dispatch({ type: 'clock-tick', atMs: nowMs });
    const spinWait = getState().spinWait;
    if (spinWait !== null && nowMs >= spinWait.untilMs)
      deps.dispatch({ type: 'spin-wait-ended', atMs: nowMs });
    const state = getState();
    const landing = state.phase === 'spinning' && spinHasEnded(state, nowMs) ? state.spin : null;
    const rotation = deps.effects.rotationAt(state, nowMs); // exactly the end rotation once the spin has ended
    // The winner's slice is outlined only on the wheel it was drawn from (a removed winner is gone).
    const highlight =
      state.phase === 'idle' && state.lastSpin !== null && state.lastSpin.version === state.wheel?.version;
    const arcs = state.wheel === null ? null : screenArcs(state.wheel);
    const drawn = deps.renderer.draw({
      content: contentOf(state.wheel),
      rotation,
      highlightIndex: highlight && arcs !== null ? indexAt(arcs, rotation) : null,
      card: deps.hasCard?.() ?? false,
      header: deps.hasHeader?.() ?? false,
    });
    if (drawn && deps.diagnostics.firstWheelPaintMs === null) {
      deps.diagnostics.firstWheelPaintMs = clock.now();
      markTiming('wheel-painted');
      deps.tasks.wheelPainted();
    }
    deps.view.setAttribute('data-rotation', String(rotation));
    deps.effects.frame(state.spin, arcs, rotation, nowMs);
    deps.view.updateCallout(state, rotation, nowMs);
    deps.view.updateSpinWait(state, nowMs);
    deps.view.updateLayout(deps.renderer.layout);
    if (landing !== null && state.wheel?.arcs) land(deps, state, rotation, nowMs, frameTimeMs !== undefined);
    deps.afterFrame(nowMs);
    const work = clock.now() - nowMs;
    const last = deps.frames.workMs.length - 1;
    if (frameTimeMs !== undefined && last >= 0) deps.frames.workMs[last] = work;
  };
}
