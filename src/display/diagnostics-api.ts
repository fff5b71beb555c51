import type { EffectsStats } from './effects/presentation-effects.ts';
import type { DisplayState } from './machine/display-machine.ts';
import type { FrameStats } from './render/frame-stats.ts';
import type { RendererStats } from './render/wheel-renderer.ts';

/** What the page exposes on window.__prizewheel for people debugging a screen and for the benchmark. */
export interface PrizewheelDiagnostics {
  readonly frames: FrameStats;
  readonly renderer: RendererStats;
  /** Sounds (mute, ticks sounded, boundaries passed), and how the last spin was shown. */
  readonly effects: EffectsStats;
  /** performance.now() when the wheel was first on screen (ms since navigation start), or null. */
  firstWheelPaintMs: number | null;
  lastPlanProblem: string | null;
  /** Distinct damaged snapshot versions this page was sent (never shown). */
  damagedSnapshots: number;
  /** Draws this page made itself (server unreachable, or its plan did not check out). */
  localDraws: number;
  /** Local draws not yet accepted by the server. */
  readonly outboxSize: number;
  /**
   * The last landing on this page, in performance.now() ms: when the server's start time said it
   * would land, and the frame that showed it (several screens compare these).
   */
  lastLanding: { spinId: string; scheduledAtMs: number; landedAtMs: number } | null;
  state(): DisplayState;
  /**
   * The tickets of the slices on the wheel, in slice order: a prize's eligible pool while one is on
   * screen (tests compare it with the pool the server draws from), else the whole list.
   */
  poolTickets(): string[];
  /** Asks the server to draw, as the Space key does (presenter pages only). */
  spin(): Promise<void>;
}

declare global {
  interface Window {
    __prizewheel?: PrizewheelDiagnostics;
  }
}
