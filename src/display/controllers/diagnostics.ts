import type { DisplayHeartbeat, SpinSource } from '../../core/index.ts';
import type { PrizewheelDiagnostics } from '../diagnostics-api.ts';
import type { EffectsStats } from '../effects/presentation-effects.ts';
import type { DisplayState } from '../machine/display-machine.ts';
import type { Clock } from '../net/clock.ts';
import type { FetchFunction } from '../net/clock.ts';
import { startHeartbeat } from '../net/heartbeat.ts';
import { percentile, type FrameStats } from '../render/frame-stats.ts';
import { screenEntries } from '../machine/wheel-pool.ts';
import type { RendererStats } from '../render/wheel-renderer.ts';

const DIAGNOSTICS_REFRESH_MS = 500;
/** The frames the fps figures are taken over. */
const RECENT_FRAMES = 120;

export interface DiagnosticsDeps {
  getState(): DisplayState;
  clock: Clock;
  frames: FrameStats;
  renderer: RendererStats;
  effects: EffectsStats;
  /** The diagnostics overlay (`D` toggles it). */
  panel: { hidden: boolean; textContent: string | null };
  showPanel: boolean;
  requestDraw(): Promise<void>;
  /** The JavaScript heap in use (Chrome only), or undefined. */
  usedHeapBytes?(): number | undefined;
  /** The browser's user agent string (navigator.userAgent by default). */
  userAgent?: string;
  /** How spins reach the page: its event stream, or its polls while the stream is down or silent. */
  spinSource?(): SpinSource;
  /** Which build runs and whether it starts offline (net/service-worker.ts), e.g. "abc123, offline start yes". */
  build?(): string;
}

/** What the page tells people debugging a screen: the overlay, window.__prizewheel and the heartbeat. */
export interface Diagnostics {
  readonly api: PrizewheelDiagnostics;
  /** Refreshes the overlay (at most every DIAGNOSTICS_REFRESH_MS) when it is shown. */
  render(nowMs: number): void;
  togglePanel(): void;
  heartbeatBody(displayId: string): DisplayHeartbeat;
}

function chromeHeapBytes(): number | undefined {
  return (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize;
}

function meanFrameIntervalMs(frames: FrameStats): number {
  const recent = frames.intervalsMs.slice(-RECENT_FRAMES);
  return recent.reduce((a, b) => a + b, 0) / Math.max(1, recent.length);
}

function panelText(deps: DiagnosticsDeps, heapBytes: number | undefined, nowMs: number): string {
  const state = deps.getState();
  const { renderer, effects } = deps;
  const meanInterval = meanFrameIntervalMs(deps.frames);
  const p95 = percentile(deps.frames.intervalsMs, 95, RECENT_FRAMES);
  const wheel = state.wheel;
  const lines = [
    `fps          ${meanInterval > 0 ? (1000 / meanInterval).toFixed(1) : '–'}`,
    `frame p95    ${p95 === null ? '–' : `${p95.toFixed(1)} ms`}`,
    `heap         ${heapBytes !== undefined ? `${(heapBytes / 1048576).toFixed(1)} MB` : 'n/a'}`,
    `version      ${wheel?.version ?? '–'}${state.pending.update ? ` (pending ${state.pending.update.version})` : ''}`,
    `checksum     ${wheel ? wheel.snapshot.checksum.slice(0, 23) : '–'}`,
    `entries      ${wheel?.snapshot.entries.length ?? 0}`,
    `connection   ${state.connection}`,
    `spins via    ${deps.spinSource?.() ?? '–'}`,
    `last sync    ${state.lastSyncAtMs === null ? 'never' : `${((nowMs - state.lastSyncAtMs) / 1000).toFixed(0)} s ago`}`,
    `bitmap       ${renderer.bitmapSidePx}px, ${renderer.bitmapBuildMs?.toFixed(1) ?? '–'} ms, ${renderer.labelCount} labels`,
    `state        ${state.phase}${state.canSpin === true ? ' (presenter)' : ' (view-only)'}`,
    `sound        ${effects.muted ? 'muted' : 'on'}, audio ${effects.audio}, ${effects.ticks} ticks`,
    `build        ${deps.build?.() ?? '–'}`,
  ];
  return lines.join('\n');
}

function createApi(deps: DiagnosticsDeps): PrizewheelDiagnostics {
  return {
    frames: deps.frames,
    renderer: deps.renderer,
    effects: deps.effects,
    firstWheelPaintMs: null,
    lastPlanProblem: null,
    damagedSnapshots: 0,
    localDraws: 0,
    get outboxSize() {
      return deps.getState().outbox.size;
    },
    lastLanding: null,
    state: () => deps.getState(),
    poolTickets: () => {
      const wheel = deps.getState().wheel;
      return wheel === null ? [] : screenEntries(wheel).map((entry) => entry.ticket);
    },
    spin: () => deps.requestDraw(),
  };
}

export function createDiagnostics(deps: DiagnosticsDeps): Diagnostics {
  const usedHeapBytes = deps.usedHeapBytes ?? chromeHeapBytes;
  const api = createApi(deps);
  let showPanel = deps.showPanel;
  let renderedAtMs = -Infinity;
  deps.panel.hidden = !showPanel;
  return {
    api,
    render(nowMs) {
      if (!showPanel) return;
      if (nowMs - renderedAtMs < DIAGNOSTICS_REFRESH_MS) return;
      renderedAtMs = nowMs;
      deps.panel.textContent = panelText(deps, usedHeapBytes(), nowMs);
    },
    togglePanel() {
      showPanel = !showPanel;
      deps.panel.hidden = !showPanel;
      renderedAtMs = -Infinity;
    },
    heartbeatBody(displayId) {
      const state = deps.getState();
      const mean = meanFrameIntervalMs(deps.frames);
      const heapBytes = usedHeapBytes();
      return {
        id: displayId,
        version: state.wheel?.version ?? null,
        state: state.phase,
        connection: state.connection,
        fps: mean > 0 ? Math.min(1000, Math.round((1000 / mean) * 10) / 10) : null,
        heapMb: heapBytes !== undefined ? Math.round((heapBytes / 1048576) * 10) / 10 : null,
        lastSyncAt:
          state.lastSyncAtMs === null
            ? null
            : new Date(deps.clock.wallNow() - (deps.clock.now() - state.lastSyncAtMs)).toISOString(),
        userAgent: (deps.userAgent ?? navigator.userAgent).slice(0, 500),
        damagedSnapshots: api.damagedSnapshots,
        ...(deps.spinSource === undefined ? {} : { spinSource: deps.spinSource() }),
      };
    },
  };
}

/**
 * Starts the heartbeat once the wheel is on screen (its request and body are not needed for the
 * first paint); returns the way to stop it, before or after it started.
 */
export function startHeartbeatAfterPaint(options: {
  fetch: FetchFunction;
  clock: Clock;
  slug: string;
  afterWheelPainted(task: () => void): void;
  body(): DisplayHeartbeat;
}): () => void {
  let stop: (() => void) | null = null;
  let stopped = false;
  options.afterWheelPainted(() => {
    if (!stopped) stop = startHeartbeat(options);
  });
  return () => {
    stopped = true;
    stop?.();
  };
}
