import {
  checkSpinPlan,
  indexAt,
  spinEndRotation,
  type RandomSource,
  type Snapshot,
  type SpinPlan,
} from '../core/index.ts';
import {
  createCryptoRandom,
  drawLocally,
  randomId,
  type LocalDraw,
  type LocalDrawMode,
} from './local-draw.ts';
import {
  INITIAL_STATE,
  knownVersion,
  prepareWheel,
  reduceDisplay,
  spinHasEnded,
  type DisplayEvent,
  type DisplayState,
} from './machine/display-machine.ts';
import type { Clock, FetchFunction } from './net/clock.ts';
import { fetchCurrentSpin, type CurrentSpin } from './net/current-spin.ts';
import { listenToWheelEvents, type EventSourceFactory } from './net/event-stream.ts';
import { createSnapshotPoller } from './net/poller.ts';
import { createPresenterApi } from './net/presenter-api.ts';
import { displayIdentity, startHeartbeat } from './net/heartbeat.ts';
import { createLocalStore, type LocalStore } from './net/local-store.ts';
import { requestJson } from './net/request.ts';
import { fetchSnapshotVersion, type SnapshotFetchResult } from './net/snapshot-client.ts';
import { createServerClock } from './net/server-clock.ts';
import { verifySnapshotQuickly } from './net/verify-snapshot.ts';
import type { PrizewheelDiagnostics } from './diagnostics-api.ts';
import { createPresentationEffects } from './effects/presentation-effects.ts';
import type { PageParams } from './page-params.ts';
import { createFrameLoop, type FrameLoop } from './render/frame-loop.ts';
import { createFrameStats, percentile } from './render/frame-stats.ts';
import { DARK_THEME } from './render/theme.ts';
import { createWheelRenderer, type WheelContent } from './render/wheel-renderer.ts';
import { startAppearanceSync } from './presentation/appearance-sync.ts';
import { createAppearanceView } from './presentation/appearance-view.ts';
import { markTiming } from './timing-marks.ts';

export interface DisplayDependencies {
  fetch: FetchFunction;
  clock: Clock;
  random: () => number;
  createEventSource?: EventSourceFactory;
  /** IndexedDB cache and outbox; by default the page's own. */
  localStore?: LocalStore;
  /** The randomness of local draws; by default crypto.getRandomValues. */
  drawRandom?: RandomSource;
}

const DIAGNOSTICS_REFRESH_MS = 500;
const CALLOUT_MIN_INTERVAL_MS = 50;
const LANDING_BACKUP_DELAY_MS = 500;
/** A spin request that fails is tried this many times in all, this far apart, before going local. */
const SPIN_REQUEST_ATTEMPTS = 2;
const SPIN_RETRY_DELAY_MS = 1_000;
/** How far back a display looks for an intact version when the newest is damaged. */
const MAX_VERSIONS_TRIED_AFTER_DAMAGE = 5;
/** A spin placed this far in the future by the measured clock offset is still believed (estimate error). */
const MAX_CLOCK_ERROR_MS = 1_000;
/** Measuring the server's clock takes up to this many round trips, fewer once one is this short. */
const CLOCK_MEASUREMENT_REQUESTS = 5;
const SHORT_ROUND_TRIP_MS = 50;
/** How long a "spins are paused" message stays on screen. */
const NOTICE_VISIBLE_MS = 8_000;
/** Work deferred until the first paint runs at the latest this long after it was asked for. */
const PAINT_WAIT_MAX_MS = 1_000;
/** Landed reports kept for a server that could not take them (the oldest are dropped beyond). */
const UNSENT_LANDINGS_MAX = 20;

function element<T extends HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (found === null) throw new Error(`missing element ${selector}`);
  return found;
}

/** Sets a data attribute only when its value changes (attributes are written every frame otherwise). */
function createAttributeWriter(target: HTMLElement): (name: string, value: string) => void {
  const written = new Map<string, string>();
  return (name, value) => {
    if (written.get(name) === value) return;
    written.set(name, value);
    target.setAttribute(name, value);
  };
}

function logFailure(what: string): (error: unknown) => void {
  return (error) => console.error(`prizewheel: ${what} failed`, error);
}

export function startDisplay(params: PageParams, deps: DisplayDependencies): { dispose(): void } {
  const root = element<HTMLElement>(document, '[data-testid="wheel"]');
  const canvas = element<HTMLCanvasElement>(root, '#wheel-canvas');
  const calloutName = element<HTMLElement>(root, '#callout-name');
  const calloutTicket = element<HTMLElement>(root, '#callout-ticket');
  const status = element<HTMLElement>(root, '#status');
  const reveal = element<HTMLElement>(root, '#reveal');
  const revealName = element<HTMLElement>(root, '#reveal-name');
  const revealTicket = element<HTMLElement>(root, '#reveal-ticket');
  const announcer = element<HTMLElement>(root, '#announcer');
  const connectionBadge = element<HTMLElement>(root, '#connection-badge');
  const spinButton = element<HTMLButtonElement>(root, '#spin-button');
  const diagnosticsPanel = element<HTMLElement>(root, '#diagnostics');
  const muteButton = element<HTMLButtonElement>(root, '#mute-button');
  const setAttribute = createAttributeWriter(root);
  const { clock, slug } = { clock: deps.clock, slug: params.slug };

  let state: DisplayState = INITIAL_STATE;
  let canSpin = false;
  let spinRequestInFlight = false;
  let spinPushedDuringRequest: { plan: SpinPlan; serverStartedAtMs: number | null } | null = null;
  let showDiagnostics = params.diagnostics;
  const ownSpinIds = new Set<string>();
  const frames = createFrameStats();
  const renderer = createWheelRenderer(canvas, DARK_THEME);
  let content: WheelContent | null = null;
  let contentChecksum = '';
  let lastDiagnosticsAtMs = -Infinity;
  let calloutIndex = -1;
  let calloutChecksum = '';
  let layoutKey = '';

  const localStore = deps.localStore ?? createLocalStore();
  const drawRandom = deps.drawRandom ?? createCryptoRandom();
  const displayId = displayIdentity(() => randomId(drawRandom));
  const damagedVersions = new Set<number>();
  const serverClock = createServerClock(clock);
  const appearance = startAppearanceSync({
    slug,
    fetch: deps.fetch,
    clock,
    localStore,
    view: createAppearanceView(root, canvas),
    offlineSpinsOverride: params.offlineSpins,
  });
  let notice = '';
  let noticeTimer: unknown = null;

  const effects = createPresentationEffects({ root, muteButton, clock, search: window.location.search });
  const diagnostics: PrizewheelDiagnostics = {
    frames,
    renderer: renderer.stats,
    effects: effects.stats,
    firstWheelPaintMs: null,
    lastPlanProblem: null,
    damagedSnapshots: 0,
    localDraws: 0,
    outboxSize: 0,
    lastLanding: null,
    state: () => state,
    spin: () => requestPresenterSpin(),
  };
  window.__prizewheel = diagnostics;

  let paintedTasks: Array<() => void> = [];
  const runPaintedTasks = (): void => {
    for (const task of paintedTasks) clock.setTimeout(task, 0);
    paintedTasks = [];
  };
  /**
   * Runs `task` in a task of its own once the wheel is on screen (or after PAINT_WAIT_MAX_MS: a
   * hidden tab gets no frames), so work that is not needed for the first paint does not delay it.
   */
  const afterWheelPainted = (task: () => void): void => {
    paintedTasks.push(task);
    if (diagnostics.firstWheelPaintMs !== null) runPaintedTasks();
    else clock.setTimeout(runPaintedTasks, PAINT_WAIT_MAX_MS);
  };

  // Reads the live state: TypeScript would otherwise keep a narrowing across an await.
  const isSpinning = (): boolean => state.phase === 'spinning';

  const dispatch = (event: DisplayEvent): void => {
    try {
      state = reduceDisplay(state, event);
    } catch (error) {
      console.error('prizewheel: display event rejected', error);
    }
    syncStateToPage();
  };

  const syncStateToPage = (): void => {
    const wheel = state.wheel;
    setAttribute('data-state', state.phase);
    setAttribute('data-version', wheel === null ? '' : String(wheel.version));
    setAttribute('data-entry-count', String(wheel?.snapshot.entries.length ?? 0));
    setAttribute(
      'data-pending-version',
      state.pending.update === null ? '' : String(state.pending.update.version),
    );
    setAttribute('data-last-spin-id', state.lastSpin?.id ?? '');
    setAttribute('data-last-winner', state.lastSpin?.ticket ?? '');
    setAttribute('data-connection', state.connection);
    setAttribute('data-title', wheel?.snapshot.wheel ?? slug);
    connectionBadge.hidden = state.connection === 'online';
    const statusText =
      state.phase === 'loading'
        ? 'Loading…'
        : state.phase === 'empty'
          ? 'Waiting for the list…'
          : state.phase === 'idle'
            ? notice
            : '';
    if (status.textContent !== statusText) status.textContent = statusText;
    spinButton.disabled = state.phase !== 'idle' || spinRequestInFlight;
    if (wheel !== null && wheel.arcs !== null && wheel.snapshot.checksum !== contentChecksum) {
      content = { checksum: wheel.snapshot.checksum, entries: wheel.snapshot.entries, arcs: wheel.arcs };
      contentChecksum = wheel.snapshot.checksum;
    } else if (wheel?.arcs === null && content !== null) {
      content = null;
      contentChecksum = '';
    }
  };

  const handleSnapshotResult = (result: SnapshotFetchResult): void => {
    const atMs = clock.now();
    switch (result.kind) {
      case 'snapshot': {
        const prepared = prepareWheel(result.snapshot);
        markTiming('wheel-prepared');
        if (prepared.ok) {
          dispatch({ type: 'snapshot-verified', wheel: prepared.wheel, atMs });
          // IndexedDB clones the whole snapshot on this thread: after the wheel is on screen.
          const cached = result.snapshot;
          afterWheelPainted(() => void localStore.cacheSnapshot(slug, cached.version, cached));
          void flushOutbox().catch(logFailure('outbox upload'));
          void sendLandedReports().catch(logFailure('landed report'));
        } else {
          console.warn('prizewheel: snapshot rejected', prepared.code);
          dispatch({ type: 'sync-failed', atMs });
        }
        return;
      }
      case 'unchanged':
        dispatch({ type: 'snapshot-unchanged', atMs });
        void flushOutbox().catch(logFailure('outbox upload'));
        void sendLandedReports().catch(logFailure('landed report'));
        return;
      case 'not-published':
        dispatch({ type: 'nothing-published', atMs });
        return;
      case 'failed':
        console.warn('prizewheel: snapshot sync failed', result.code, result.detail);
        dispatch({ type: 'sync-failed', atMs });
        if (result.code === 'bad_checksum') {
          reportDamage(result.claimedVersion ?? null);
          void recoverFromDamage(result.claimedVersion ?? null).catch(logFailure('damage recovery'));
        }
        return;
    }
  };

  const reportDamage = (version: number | null): void => {
    console.warn(`prizewheel: damaged snapshot${version === null ? '' : ` version ${version}`} refused`);
    damagedVersions.add(version ?? -1);
    diagnostics.damagedSnapshots = damagedVersions.size;
  };

  let recovering = false;
  /**
   * The newest version was damaged: show the newest older one that verifies (counting down to the
   * one on screen); with none, the screen keeps what it has (the server, the cache, or empty).
   */
  const recoverFromDamage = async (damagedVersion: number | null): Promise<void> => {
    if (damagedVersion === null || recovering) return;
    recovering = true;
    try {
      const shown = knownVersion(state) ?? 0;
      const lowest = Math.max(shown + 1, damagedVersion - MAX_VERSIONS_TRIED_AFTER_DAMAGE);
      for (let version = damagedVersion - 1; version >= lowest; version--) {
        const result = await fetchSnapshotVersion({ fetch: deps.fetch, clock, slug, version });
        if (result.kind === 'failed' && result.code === 'bad_checksum') {
          reportDamage(version);
          continue;
        }
        if (result.kind !== 'snapshot') continue;
        handleSnapshotResult(result);
        poller.markHealthy();
        return;
      }
    } finally {
      recovering = false;
    }
  };

  /** An offline start: the newest cached snapshot that still verifies, when the server has not answered. */
  const showCachedSnapshot = async (): Promise<void> => {
    for (const cached of await localStore.cachedSnapshots(slug)) {
      if (!(await verifySnapshotQuickly(cached))) continue;
      const snapshot = cached as Snapshot;
      if (snapshot.wheel !== slug) continue;
      const prepared = prepareWheel(snapshot);
      if (!prepared.ok) continue;
      dispatch({ type: 'cache-loaded', wheel: prepared.wheel });
      return;
    }
  };

  const poller = createSnapshotPoller({
    fetch: deps.fetch,
    clock,
    random: deps.random,
    slug,
    knownVersion: () => knownVersion(state),
    isPaused: () => state.phase === 'spinning',
    onResult: handleSnapshotResult,
  });

  const presenter = createPresenterApi({ fetch: deps.fetch, clock, slug, presenterKey: params.presenterKey });

  const reportPlanProblem = (plan: SpinPlan, problem: string): void => {
    diagnostics.lastPlanProblem = `${plan.id}: ${problem}`;
    setAttribute('data-plan-problem', problem);
    console.error(`prizewheel: spin plan ${plan.id} not animated: ${problem}`);
  };

  const showNotice = (text: string): void => {
    notice = text;
    if (noticeTimer !== null) clock.clearTimeout(noticeTimer);
    noticeTimer = clock.setTimeout(() => {
      noticeTimer = null;
      notice = '';
      syncStateToPage();
    }, NOTICE_VISIBLE_MS);
    syncStateToPage();
  };

  /**
   * Draws on this display (crypto.getRandomValues), animates it like any spin and keeps it in the
   * outbox until the server records it. Only the presenter's page does this: it has the rights to
   * upload. Pre-drawn plans are never used here: the display never sees them.
   */
  const spinLocally = async (
    mode: LocalDrawMode,
    details: { problem?: string; refusedSpinId?: string } = {},
  ): Promise<void> => {
    const wheel = state.wheel;
    if (wheel === null || wheel.arcs === null || state.phase !== 'idle') return;
    const { plan, draw } = drawLocally(drawRandom, wheel.snapshot, mode, new Date(), {
      ...details,
      displayId,
    });
    diagnostics.localDraws += 1;
    setAttribute('data-last-draw-mode', mode);
    await localStore.addToOutbox(draw);
    diagnostics.outboxSize = (await localStore.outbox<LocalDraw>()).length;
    console.warn(`prizewheel: ${mode} draw ${plan.id} made on this display`, details.problem ?? '');
    await startSpin(plan, { local: true });
    void flushOutbox().catch(logFailure('outbox upload'));
  };

  let flushing = false;
  /** Uploads the outbox (idempotent by draw id); a draw leaves it once the server answered it. */
  const flushOutbox = async (): Promise<void> => {
    if (flushing || !canSpin) return;
    flushing = true;
    try {
      const draws = await localStore.outbox<LocalDraw>();
      for (const draw of draws) {
        const response = await requestJson(
          deps.fetch,
          clock,
          `/api/wheels/${encodeURIComponent(slug)}/offline-draws${presenterQuery}`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            credentials: 'same-origin',
            body: JSON.stringify(draw),
          },
        );
        if (response.ok) {
          await localStore.removeFromOutbox(draw.id);
          continue;
        }
        if (response.code === 'http_status' && response.status !== null && response.status < 500) {
          // The server will never take it (e.g. a newer version was published meanwhile): logged, dropped.
          console.error(`prizewheel: local draw ${draw.id} refused`, response.status, response.detail);
          await localStore.removeFromOutbox(draw.id);
          continue;
        }
        break; // unreachable again: next time
      }
      diagnostics.outboxSize = (await localStore.outbox<LocalDraw>()).length;
    } finally {
      flushing = false;
    }
  };
  const presenterQuery =
    params.presenterKey === null ? '' : `?key=${encodeURIComponent(params.presenterKey)}`;

  /** Brings the wheel on screen to the plan's version: from the pending slot, a fetch, or the archive. */
  const ensureVersionShown = async (version: number): Promise<void> => {
    if (state.wheel?.version === version) return;
    if (state.pending.update?.version === version) {
      dispatch({ type: 'apply-pending-now' });
      return;
    }
    if ((knownVersion(state) ?? 0) < version) {
      await poller.pollNow();
      if (state.wheel?.version === version) return;
      if (state.pending.update?.version === version && state.phase !== 'spinning') {
        dispatch({ type: 'apply-pending-now' });
        return;
      }
    }
    const result = await fetchSnapshotVersion({ fetch: deps.fetch, clock, slug, version });
    if (result.kind !== 'snapshot' || state.phase === 'spinning') return;
    const prepared = prepareWheel(result.snapshot);
    if (prepared.ok) dispatch({ type: 'spin-version-loaded', wheel: prepared.wheel });
  };

  /** Measures the server's clock (round trips to spins/current); answers the running spin, if any. */
  const measureServerClock = async (): Promise<CurrentSpin | null> => {
    let current: CurrentSpin | null = null;
    for (let request = 0; request < CLOCK_MEASUREMENT_REQUESTS; request++) {
      current = (await fetchCurrentSpin({ fetch: deps.fetch, clock, slug, serverClock })) ?? current;
      if ((serverClock.bestRoundTripMs() ?? Infinity) <= SHORT_ROUND_TRIP_MS) break;
    }
    return current;
  };

  /**
   * The page-clock time at which the server started a spin, through the measured clock offset
   * (measured now when there is no fresh measurement or it places the start where no running spin can
   * be); the arrival time when the server's start is unknown or cannot be placed.
   */
  const localStartOf = async (plan: SpinPlan, serverStartedAtMs: number | null): Promise<number> => {
    if (serverStartedAtMs === null) return clock.now();
    const plausible = (localMs: number | null): localMs is number =>
      localMs !== null &&
      clock.now() - localMs < plan.durationMs &&
      localMs - clock.now() <= MAX_CLOCK_ERROR_MS;
    let localMs = serverClock.toLocalMs(serverStartedAtMs);
    if (!plausible(localMs)) {
      serverClock.forget();
      await measureServerClock();
      localMs = serverClock.toLocalMs(serverStartedAtMs);
    }
    return plausible(localMs) ? localMs : clock.now();
  };

  const startSpin = async (
    plan: SpinPlan,
    options: { local?: boolean; serverStartedAtMs?: number | null; elapsedMs?: number } = {},
  ): Promise<void> => {
    const alreadyShown = (): boolean => state.spin?.plan.id === plan.id || state.lastSpin?.id === plan.id;
    if (alreadyShown() || plan.wheel !== slug) return;
    if (state.phase === 'spinning') {
      console.warn(`prizewheel: spin ${plan.id} arrived during another spin; skipped`);
      return;
    }
    await ensureVersionShown(plan.version);
    // Every screen starts at the server's start time, so they land together; one that joined late
    // starts where the others are.
    const localStartedAtMs =
      options.elapsedMs === undefined
        ? await localStartOf(plan, options.serverStartedAtMs ?? null)
        : clock.now() - options.elapsedMs;
    if (alreadyShown() || isSpinning()) return;
    const wheel = state.wheel;
    if (wheel === null || wheel.arcs === null) {
      reportPlanProblem(plan, 'version_mismatch');
      return;
    }
    const startRotation = state.rotation;
    const problem = checkSpinPlan(plan, wheel.snapshot, wheel.arcs, startRotation);
    if (problem !== null) {
      reportPlanProblem(plan, problem);
      // Issue 4.4: the presenter's page spins at random instead, and the server records a fallback.
      if (ownSpinIds.has(plan.id) && !options.local)
        await spinLocally('fallback', { problem, refusedSpinId: plan.id });
      return;
    }
    const endRotation = spinEndRotation(wheel.arcs, plan, startRotation);
    reveal.hidden = true;
    const startedAtMs = Math.max(clock.now() - plan.durationMs, localStartedAtMs);
    const spin = { plan, startRotation, endRotation, startedAtMs };
    dispatch({ type: 'spin-started', spin });
    effects.spinStarted(spin, { viewOnly: !canSpin });
    if (!options.local) setAttribute('data-last-draw-mode', 'server');
    // A hidden tab gets no animation frames: land by timer then, so the landing is still reported.
    clock.setTimeout(
      () => {
        if (state.spin?.plan.id === plan.id) onFrame();
      },
      startedAtMs + plan.durationMs - clock.now() + LANDING_BACKUP_DELAY_MS,
    );
  };

  const requestPresenterSpin = async (): Promise<void> => {
    if (!canSpin || spinRequestInFlight || state.phase !== 'idle') return;
    spinRequestInFlight = true;
    syncStateToPage();
    try {
      if (state.pending.update !== null) dispatch({ type: 'apply-pending-now' });
      let staleRounds = 0;
      let failedAttempts = 0;
      for (;;) {
        const wheel = state.wheel;
        if (wheel === null || state.phase !== 'idle') return;
        const requestSentAtMs = clock.now();
        const result = await presenter.requestSpin(wheel.version);
        if (result.kind === 'plan') {
          ownSpinIds.add(result.plan.id);
          if (state.lastSpin?.id === result.plan.id) void reportOwnLanding();
          // NOTE: the server drew the spin about half a round trip ago, and the other screens place it
          // at that moment through their clock offsets; this screen places it the same way from its
          // own request's round trip, with no clock offset and no extra request before the spin the
          // audience just asked for (a misplaced offset could cut the spin short).
          await startSpin(result.plan, { elapsedMs: (clock.now() - requestSentAtMs) / 2 });
          return;
        }
        if (result.kind === 'stale') {
          // A newer version exists: fetch it, apply it, ask again (twice at most).
          if (++staleRounds > 2) return;
          await poller.pollNow();
          if (state.pending.update !== null && !isSpinning()) dispatch({ type: 'apply-pending-now' });
          continue;
        }
        if (result.kind === 'forbidden') {
          setCanSpin(false);
          return;
        }
        console.warn('prizewheel: spin request failed', result.code, result.detail);
        if (result.code === 'bad_plan') {
          // The server answered something that is not a plan: a fallback draw, reported.
          await spinLocally('fallback', { problem: 'bad_plan' });
          return;
        }
        // A 4xx is the server saying no (e.g. nothing published): nothing to draw locally.
        if (result.code === 'http_status' && result.status !== undefined && result.status < 500) return;
        if (++failedAttempts < SPIN_REQUEST_ATTEMPTS) {
          await new Promise<void>((resolve) => clock.setTimeout(resolve, SPIN_RETRY_DELAY_MS));
          continue;
        }
        dispatch({ type: 'sync-failed', atMs: clock.now() });
        if (appearance.offlineSpins() === 'refuse') {
          showNotice('The server cannot be reached: spins are paused until it is back.');
          return;
        }
        await spinLocally('offline');
        return;
      }
    } finally {
      spinRequestInFlight = false;
      syncStateToPage();
      const pushed = spinPushedDuringRequest;
      spinPushedDuringRequest = null;
      if (pushed !== null) {
        void startSpin(pushed.plan, { serverStartedAtMs: pushed.serverStartedAtMs }).catch(
          logFailure('spin event'),
        );
      }
    }
  };

  /** A display that opens mid-spin shows the wheel where the others have it. */
  const joinRunningSpin = async (): Promise<void> => {
    const current = await fetchCurrentSpin({ fetch: deps.fetch, clock, slug, serverClock });
    // Both times are the server's: no clock offset involved.
    if (current !== null)
      await startSpin(current.plan, { elapsedMs: current.serverNowMs - current.startedAtMs });
  };

  type LandedReport = { id: string; index: number; durationMs: number };
  // A spin that lands while the server is down (restarting) is reported once it answers again.
  const unsentLandings: LandedReport[] = [];
  let sendingLandings = false;
  const sendLandedReports = async (): Promise<void> => {
    if (sendingLandings) return;
    sendingLandings = true;
    try {
      for (let report = unsentLandings[0]; report !== undefined; report = unsentLandings[0]) {
        const outcome = await presenter.reportLanded(report.id, report.index, report.durationMs);
        if (outcome === 'unreachable') return;
        unsentLandings.shift();
      }
    } finally {
      sendingLandings = false;
    }
  };
  let pendingLandedReport: LandedReport | null = null;
  const reportOwnLanding = async (): Promise<void> => {
    const report = pendingLandedReport;
    if (report === null || !ownSpinIds.has(report.id)) return;
    pendingLandedReport = null;
    ownSpinIds.delete(report.id);
    unsentLandings.push(report);
    if (unsentLandings.length > UNSENT_LANDINGS_MAX) unsentLandings.shift();
    await sendLandedReports();
  };

  const revealWinner = (plan: SpinPlan): void => {
    revealName.textContent = plan.name;
    revealTicket.textContent = `Ticket ${plan.ticket}`;
    reveal.hidden = false;
    announcer.textContent = `Winner: ${plan.name}, ticket ${plan.ticket}`;
  };

  const setCanSpin = (value: boolean): void => {
    canSpin = value;
    spinButton.hidden = !value;
    setAttribute('data-can-spin', String(value));
  };

  let calloutUpdatedAtMs = -Infinity;
  const updateCallout = (rotation: number, nowMs: number): void => {
    const wheel = state.wheel;
    if (wheel === null || wheel.arcs === null) {
      if (calloutIndex !== -1) {
        calloutName.textContent = '';
        calloutTicket.textContent = '';
        calloutIndex = -1;
      }
      setAttribute('data-pointer-index', '');
      return;
    }
    const index = indexAt(wheel.arcs, rotation);
    setAttribute('data-pointer-index', String(index));
    if (index === calloutIndex && calloutChecksum === wheel.snapshot.checksum) return;
    // While the wheel races, names flash by faster than anyone reads: repaint the text at most
    // every CALLOUT_MIN_INTERVAL_MS (a repaint per frame is measurable on software-rendered screens).
    if (state.phase === 'spinning' && nowMs - calloutUpdatedAtMs < CALLOUT_MIN_INTERVAL_MS) return;
    calloutUpdatedAtMs = nowMs;
    calloutIndex = index;
    calloutChecksum = wheel.snapshot.checksum;
    const entry = wheel.snapshot.entries[index];
    calloutName.textContent = entry?.name ?? '';
    calloutTicket.textContent = entry === undefined ? '' : entry.ticket;
  };

  const updateLayoutVariables = (): void => {
    const layout = renderer.layout;
    const key = `${layout.calloutBandHeight}|${layout.centerY}|${layout.radius}`;
    if (key === layoutKey) return;
    layoutKey = key;
    root.style.setProperty('--wheel-radius', `${layout.radius}px`);
    root.style.setProperty('--callout-band', `${layout.calloutBandHeight}px`);
    root.style.setProperty('--wheel-center-y', `${layout.centerY}px`);
  };

  const renderDiagnostics = (nowMs: number): void => {
    if (!showDiagnostics) return;
    if (nowMs - lastDiagnosticsAtMs < DIAGNOSTICS_REFRESH_MS) return;
    lastDiagnosticsAtMs = nowMs;
    const recentIntervals = frames.intervalsMs.slice(-120);
    const meanInterval = recentIntervals.reduce((a, b) => a + b, 0) / Math.max(1, recentIntervals.length);
    const p95 = percentile(frames.intervalsMs, 95, 120);
    const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
    const wheel = state.wheel;
    const lines = [
      `fps          ${meanInterval > 0 ? (1000 / meanInterval).toFixed(1) : '–'}`,
      `frame p95    ${p95 === null ? '–' : `${p95.toFixed(1)} ms`}`,
      `heap         ${memory ? `${(memory.usedJSHeapSize / 1048576).toFixed(1)} MB` : 'n/a'}`,
      `version      ${wheel?.version ?? '–'}${state.pending.update ? ` (pending ${state.pending.update.version})` : ''}`,
      `checksum     ${wheel ? wheel.snapshot.checksum.slice(0, 23) : '–'}`,
      `entries      ${wheel?.snapshot.entries.length ?? 0}`,
      `connection   ${state.connection}`,
      `last sync    ${state.lastSyncAtMs === null ? 'never' : `${((nowMs - state.lastSyncAtMs) / 1000).toFixed(0)} s ago`}`,
      `bitmap       ${renderer.stats.bitmapSidePx}px, ${renderer.stats.bitmapBuildMs?.toFixed(1) ?? '–'} ms, ${renderer.stats.labelCount} labels`,
      `state        ${state.phase}${canSpin ? ' (presenter)' : ' (view-only)'}`,
      `sound        ${effects.stats.muted ? 'muted' : 'on'}, audio ${effects.stats.audio}, ${effects.stats.ticks} ticks`,
    ];
    diagnosticsPanel.textContent = lines.join('\n');
  };

  /** Work spread over frames: what one frame queues runs at the start of the next. */
  const nextFrameTasks: Array<() => void> = [];
  /** Runs each animation frame; without a frame time it is the landing timer of a hidden tab (no frame). */
  const onFrame = (frameTimeMs?: number): void => {
    const nowMs = clock.now();
    if (frameTimeMs !== undefined) frames.frameAt(frameTimeMs);
    for (const task of nextFrameTasks.splice(0)) task();
    if (state.pending.update !== null && state.phase === 'idle')
      dispatch({ type: 'clock-tick', atMs: nowMs });
    const landing = state.phase === 'spinning' && spinHasEnded(state, nowMs) ? state.spin : null;
    const rotation = effects.rotationAt(state, nowMs); // exactly the end rotation once the spin has ended
    // The winner's slice is outlined only on the wheel it was drawn from (a removed winner is gone).
    const highlight =
      state.phase === 'idle' && state.lastSpin !== null && state.lastSpin.version === state.wheel?.version;
    const drawn = renderer.draw({
      content,
      rotation,
      highlightIndex: highlight && state.wheel?.arcs ? indexAt(state.wheel.arcs, rotation) : null,
    });
    if (drawn && diagnostics.firstWheelPaintMs === null) {
      diagnostics.firstWheelPaintMs = clock.now();
      markTiming('wheel-painted');
      runPaintedTasks();
    }
    setAttribute('data-rotation', String(rotation));
    effects.frame(state.spin, state.wheel?.arcs ?? null, rotation, nowMs);
    updateCallout(rotation, nowMs);
    updateLayoutVariables();
    if (landing !== null && state.wheel?.arcs) {
      const landedIndex = indexAt(state.wheel.arcs, landing.endRotation);
      dispatch({ type: 'spin-landed', atMs: nowMs });
      diagnostics.lastLanding = {
        spinId: landing.plan.id,
        scheduledAtMs: landing.startedAtMs + landing.plan.durationMs,
        landedAtMs: nowMs,
      };
      updateCallout(rotation, nowMs); // the winner, not a throttled name from the last frames
      effects.landed();
      // The landing spread over frames: the reveal's layout (~12 ms of large text) in the next one,
      // the confetti's canvas (~16 ms on a software-rastered screen) in the one after.
      const plan = landing.plan;
      const revealThenCelebrate = (): void => {
        revealWinner(plan);
        nextFrameTasks.push(() => effects.celebrate());
      };
      if (frameTimeMs === undefined) revealThenCelebrate();
      else nextFrameTasks.push(revealThenCelebrate);
      pendingLandedReport = {
        id: landing.plan.id,
        index: landedIndex,
        durationMs: nowMs - landing.startedAtMs,
      };
      void reportOwnLanding().catch(logFailure('landed report'));
    }
    renderDiagnostics(nowMs);
    const work = clock.now() - nowMs;
    const last = frames.workMs.length - 1;
    if (frameTimeMs !== undefined && last >= 0) frames.workMs[last] = work;
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.repeat || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.code === 'Space') {
      event.preventDefault();
      void requestPresenterSpin().catch(logFailure('spin'));
    } else if (event.code === 'KeyF') {
      toggleFullscreen();
    } else if (event.code === 'KeyD') {
      showDiagnostics = !showDiagnostics;
      diagnosticsPanel.hidden = !showDiagnostics;
      lastDiagnosticsAtMs = -Infinity;
    }
  };

  const toggleFullscreen = (): void => {
    const request = document.fullscreenElement
      ? document.exitFullscreen()
      : document.documentElement.requestFullscreen();
    void request.catch(logFailure('fullscreen'));
  };

  const retryNow = (): void => void poller.pollNow().catch(logFailure('poll'));
  const onVisibilityChange = (): void => {
    if (document.visibilityState === 'visible') retryNow();
  };

  diagnosticsPanel.hidden = !showDiagnostics;
  spinButton.addEventListener('click', () => {
    spinButton.blur(); // Space on a focused button would click it and press Space: one spin only
    void requestPresenterSpin().catch(logFailure('spin'));
  });
  window.addEventListener('keydown', onKeyDown);
  window.addEventListener('online', retryNow);
  document.addEventListener('visibilitychange', onVisibilityChange);

  const loop: FrameLoop = createFrameLoop();
  const unsubscribeFrame = loop.subscribe(onFrame);
  syncStateToPage();
  // The server is asked at once and the cache read alongside (opening IndexedDB can take hundreds of
  // ms, given up after 2 s): an offline start still shows the last good wheel, and a cached wheel
  // never replaces one the server already sent (the reducer takes the cache only on an empty screen).
  poller.start();
  void showCachedSnapshot().catch(logFailure('cache'));
  const closeEvents = listenToWheelEvents(
    slug,
    {
      onReconnect: () => {
        retryNow(); // events may have been missed while the stream was down
        void appearance.refresh();
      },
      onAppearance: (body) => void appearance.receive(body),
      onStreamState: (open) => setAttribute('data-events', open ? 'open' : 'closed'),
      onSnapshotHint: (version) => {
        if ((knownVersion(state) ?? 0) < version) retryNow();
      },
      onSpin: (plan, serverStartedAtMs) => {
        // NOTE: the event of this page's own spin can overtake the answer to its request; the answer
        // starts it (at once, see requestPresenterSpin). The event is used only if the answer is lost.
        if (spinRequestInFlight) spinPushedDuringRequest = { plan, serverStartedAtMs };
        else void startSpin(plan, { serverStartedAtMs }).catch(logFailure('spin event'));
      },
    },
    { clock, ...(deps.createEventSource ? { createEventSource: deps.createEventSource } : {}) },
  );
  void presenter
    .fetchRights()
    .then((rights) => {
      setCanSpin(rights);
      if (rights) void flushOutbox().catch(logFailure('outbox upload'));
    })
    .catch(logFailure('presenter rights'));
  // The first heartbeat waits for the wheel's first paint (its request and body are not needed for it).
  let stopHeartbeat = (): void => undefined;
  let heartbeatDisposed = false;
  afterWheelPainted(() => effects.preload());
  afterWheelPainted(() => {
    if (heartbeatDisposed) return;
    stopHeartbeat = startHeartbeat({
      fetch: deps.fetch,
      clock,
      slug,
      body: () => {
        const recent = frames.intervalsMs.slice(-120);
        const mean = recent.reduce((a, b) => a + b, 0) / Math.max(1, recent.length);
        const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
        return {
          id: displayId,
          version: state.wheel?.version ?? null,
          state: state.phase,
          connection: state.connection,
          fps: mean > 0 ? Math.min(1000, Math.round((1000 / mean) * 10) / 10) : null,
          heapMb: memory ? Math.round((memory.usedJSHeapSize / 1048576) * 10) / 10 : null,
          lastSyncAt:
            state.lastSyncAtMs === null
              ? null
              : new Date(Date.now() - (clock.now() - state.lastSyncAtMs)).toISOString(),
          userAgent: navigator.userAgent.slice(0, 500),
          damagedSnapshots: diagnostics.damagedSnapshots,
        };
      },
    });
  });
  void joinRunningSpin().catch(logFailure('joining the running spin'));

  return {
    dispose() {
      unsubscribeFrame();
      loop.dispose();
      effects.dispose();
      poller.stop();
      closeEvents();
      heartbeatDisposed = true;
      stopHeartbeat();
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('online', retryNow);
      document.removeEventListener('visibilitychange', onVisibilityChange);
    },
  };
}
