import type { SpinPlan, SpinSource } from '../../core/index.ts';
import { knownVersion, type DisplayState } from '../machine/display-machine.ts';
import { fetchLatestSpin, type CurrentSpin } from '../net/current-spin.ts';
import { POLL_INTERVAL_MS } from '../net/poller.ts';
import type { ServerClock } from '../net/server-clock.ts';
import { logFailure, type ControllerDeps } from './deps.ts';
import type { PageView } from './page-view.ts';
import type { AnimateOptions } from './spin-animation.ts';

/** While the event stream is down or silent, the newest spin is asked for this often (one poll interval). */
export const SPIN_CHECK_INTERVAL_MS = POLL_INTERVAL_MS;

/**
 * `down`: not open (never yet, or dropped). `silent`: open, but no event since it opened (the
 * server sends a `snapshot` event at once on connect, so a proxy buffers it). `delivering`: an
 * event came since it opened.
 */
type StreamHealth = 'down' | 'silent' | 'delivering';

export interface SpinPollDeps extends ControllerDeps {
  slug: string;
  displayId?: string;
  serverClock: ServerClock;
  view: Pick<PageView, 'setAttribute'>;
  subscribe(listener: (state: DisplayState) => void): () => void;
  animateSpin(plan: SpinPlan, options?: AnimateOptions): Promise<void>;
}

/**
 * Spins reach a screen by its event stream first; while the stream is down or silent, by polling
 * the newest recorded spin. A spin still turning is joined where the other screens have it; one
 * that already landed is shown landed at once (its recorded winner). The path in use is the wheel's
 * `data-spin-source` and the heartbeat's `spinSource`.
 */
export interface SpinPoll {
  /** Asks once at once (joining a running spin), then every SPIN_CHECK_INTERVAL_MS while needed. */
  start(): void;
  stop(): void;
  /** The event stream opened (true) or dropped (false). */
  streamStateChanged(open: boolean): void;
  /** The event stream delivered an event (its name). */
  streamDelivered(name: string): void;
  /** The stream hinted a version: the polls finding it too are no sign of a silent stream. */
  versionHinted(version: number): void;
  /** Asks for the newest spin now and shows it if this screen has not; one request at a time. */
  checkNow(): Promise<void>;
  spinSource(): SpinSource;
}

/** The elapsed time of a spin on the server's clock: no clock offset involved. */
const elapsedOf = (spin: CurrentSpin): number => spin.serverNowMs - spin.startedAtMs;

export function createSpinPoll(deps: SpinPollDeps): SpinPoll {
  let health: StreamHealth = 'down';
  /** The polls found a spin the (seemingly delivering) stream did not bring: until it brings one. */
  let streamMissedSpin = false;
  /** The first answer tells what was drawn before this page watched: never shown. */
  let baselineKnown = false;
  let baselineSpinId: string | null = null;
  let hintedVersion: number | null = null;
  let seenVersion: number | null = null;
  let inFlight: Promise<void> | null = null;
  let timer: unknown = null;
  let running = false;
  let unsubscribe: (() => void) | null = null;

  const spinSource = (): SpinSource => (health === 'delivering' && !streamMissedSpin ? 'stream' : 'poll');
  let shownSource: SpinSource | null = null;
  const publishSource = (): void => {
    const source = spinSource();
    if (source === shownSource) return;
    shownSource = source;
    deps.view.setAttribute('data-spin-source', source);
  };

  const alreadyKnown = (id: string): boolean => {
    const state = deps.getState();
    return id === baselineSpinId || state.spin?.plan.id === id || state.lastSpin?.id === id;
  };

  const show = async (spin: CurrentSpin): Promise<void> => {
    const landed = spin.landingReported || elapsedOf(spin) >= spin.plan.durationMs;
    if (!baselineKnown) {
      baselineKnown = true;
      // NOTE: a spin that landed before this page watched is not news; one still turning is joined.
      if (landed) baselineSpinId = spin.plan.id;
      if (landed) return;
    }
    const state = deps.getState();
    // This page's own draw request animates its spin (see draw-request.ts); a running spin goes first.
    if (alreadyKnown(spin.plan.id) || state.drawRequest.inFlight || state.phase === 'spinning') return;
    if (health === 'delivering') {
      streamMissedSpin = true;
      publishSource();
    }
    // NOTE: a landed spin (its planned end passed, or a screen reported its landing) is placed where
    // it ended, so it lands at the next frame with the usual reveal (the recorded winner) instead of
    // a whole spin long after the other screens.
    const elapsedMs = landed ? spin.plan.durationMs : elapsedOf(spin);
    await deps.animateSpin(spin.plan, { elapsedMs });
  };

  const check = async (): Promise<void> => {
    const result = await fetchLatestSpin({
      fetch: deps.fetch,
      clock: deps.clock,
      slug: deps.slug,
      serverClock: deps.serverClock,
      ...(deps.displayId === undefined ? {} : { displayId: deps.displayId }),
    });
    if (!running) return;
    if (result.kind === 'none') baselineKnown = true;
    if (result.kind === 'spin') await show(result.spin);
  };

  const checkNow = (): Promise<void> => {
    if (!running) return Promise.resolve();
    inFlight ??= check().finally(() => (inFlight = null));
    return inFlight;
  };

  const schedule = (): void => {
    timer = deps.clock.setTimeout(() => {
      timer = null;
      if (!running) return;
      if (spinSource() === 'poll' && deps.getState().phase !== 'spinning')
        void checkNow().catch(logFailure('spin check'));
      schedule();
    }, SPIN_CHECK_INTERVAL_MS);
  };

  /** A version the polls found and the stream did not hint (a spin with "Remove winners" publishes one). */
  const onState = (state: DisplayState): void => {
    const version = knownVersion(state);
    if (version === null || (seenVersion !== null && version <= seenVersion)) return;
    seenVersion = version;
    if (baselineKnown && (hintedVersion === null || version > hintedVersion))
      void checkNow().catch(logFailure('spin check'));
  };

  return {
    start() {
      if (running) return;
      running = true;
      publishSource();
      seenVersion = knownVersion(deps.getState());
      unsubscribe = deps.subscribe(onState);
      void checkNow().catch(logFailure('spin check'));
      schedule();
    },
    stop() {
      running = false;
      unsubscribe?.();
      if (timer !== null) deps.clock.clearTimeout(timer);
      timer = null;
    },
    streamStateChanged(open) {
      health = open ? 'silent' : 'down';
      if (open) streamMissedSpin = false;
      publishSource();
    },
    streamDelivered(name) {
      if (health === 'silent') health = 'delivering';
      if (name === 'spin') streamMissedSpin = false;
      publishSource();
    },
    versionHinted(version) {
      hintedVersion = Math.max(hintedVersion ?? version, version);
    },
    checkNow,
    spinSource,
  };
}
