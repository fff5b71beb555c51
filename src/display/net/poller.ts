import type { Clock, FetchFunction } from './clock.ts';
import { fetchSnapshot, probeSnapshot, type SnapshotFetchResult } from './snapshot-client.ts';

export const POLL_INTERVAL_MS = 5_000;
export const BACKOFF_MAX_MS = 60_000;
/** Each delay is stretched by up to this fraction at random, so screens don't retry in step. */
export const BACKOFF_JITTER_FRACTION = 0.2;

/**
 * While backing off, a bodiless probe (probeSnapshot) goes out this often; when the server answers it,
 * the full request follows at once. So a screen is back on the latest version within one poll
 * interval after an outage of any length, while a server that is down or failing gets no full
 * snapshot requests beyond the backoff.
 */
export const PROBE_INTERVAL_MS = POLL_INTERVAL_MS;

/** The delay before the next attempt after `failures` failures in a row (0 = healthy). */
export function nextPollDelayMs(failures: number, random01: number): number {
  if (failures <= 0) return POLL_INTERVAL_MS;
  const exponential = Math.min(BACKOFF_MAX_MS, POLL_INTERVAL_MS * 2 ** (failures - 1));
  return Math.min(BACKOFF_MAX_MS, exponential * (1 + BACKOFF_JITTER_FRACTION * random01));
}

export interface SnapshotPollerOptions {
  fetch: FetchFunction;
  clock: Clock;
  random: () => number;
  slug: string;
  /** The newest version the display knows (shown or pending). */
  knownVersion: () => number | null;
  /** True while the wheel spins: the periodic poll waits (pushed hints still fetch). */
  isPaused: () => boolean;
  /**
   * Called once per request that was not abandoned, with the version the request said it held.
   * Must not throw (errors are caught and logged).
   */
  onResult: (result: SnapshotFetchResult, sentVersion: number | null) => void;
}

export interface SnapshotPoller {
  start(): void;
  /** Fetches at once, abandoning a request in flight; resolves when this request's result is handled. */
  pollNow(): Promise<void>;
  stop(): void;
  /** The server answered well by another way (e.g. an older intact version): back to the normal pace. */
  markHealthy(): void;
  readonly failures: number;
}

/**
 * Polls the snapshot endpoint: every POLL_INTERVAL_MS while healthy and not paused, exponential
 * backoff with jitter on failures (probed every PROBE_INTERVAL_MS meanwhile), at once on pollNow(). A request that is superseded is aborted and
 * its late answer dropped. Never rejects.
 */
export function createSnapshotPoller(options: SnapshotPollerOptions): SnapshotPoller {
  let generation = 0;
  let inFlight: AbortController | null = null;
  let timer: unknown = null;
  let probeTimer: unknown = null;
  let nextPollAtMs = 0;
  let failures = 0;
  let running = false;
  let etag: string | null = null;

  const clearTimers = (): void => {
    if (timer !== null) options.clock.clearTimeout(timer);
    if (probeTimer !== null) options.clock.clearTimeout(probeTimer);
    timer = null;
    probeTimer = null;
  };

  const schedule = (delayMs: number): void => {
    if (!running) return;
    clearTimers();
    nextPollAtMs = options.clock.now() + delayMs;
    timer = options.clock.setTimeout(() => {
      timer = null;
      if (options.isPaused()) schedule(POLL_INTERVAL_MS);
      else void poll();
    }, delayMs);
    scheduleProbe();
  };

  /** Only while backing off, and only when a probe would come before the next full request. */
  const scheduleProbe = (): void => {
    if (!running || failures === 0) return;
    // Jittered downwards: screens don't probe in step, and none waits longer than one poll interval.
    const delayMs = PROBE_INTERVAL_MS * (1 - BACKOFF_JITTER_FRACTION * options.random());
    if (options.clock.now() + delayMs >= nextPollAtMs) return;
    probeTimer = options.clock.setTimeout(() => {
      probeTimer = null;
      void probe();
    }, delayMs);
  };

  const probe = async (): Promise<void> => {
    if (options.isPaused() || inFlight !== null) return scheduleProbe();
    const mine = generation;
    const reachable = await probeSnapshot({
      fetch: options.fetch,
      clock: options.clock,
      slug: options.slug,
      currentVersion: options.knownVersion(),
    });
    if (mine !== generation || !running) return; // a full request started meanwhile
    if (reachable) await poll();
    else scheduleProbe();
  };

  const poll = async (): Promise<void> => {
    generation += 1;
    const mine = generation;
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    clearTimers();
    let result: SnapshotFetchResult;
    const sentVersion = options.knownVersion();
    try {
      result = await fetchSnapshot({
        fetch: options.fetch,
        clock: options.clock,
        slug: options.slug,
        currentVersion: sentVersion,
        etag,
        signal: controller.signal,
      });
    } catch (error) {
      result = { kind: 'failed', code: 'network', detail: String(error) };
    }
    if (mine !== generation) return; // abandoned: a newer request owns the outcome
    inFlight = null;
    if (result.kind === 'failed') failures += 1;
    else failures = 0;
    if (result.kind === 'snapshot') etag = result.etag;
    try {
      options.onResult(result, sentVersion);
    } catch (error) {
      console.error('prizewheel: snapshot handler failed', error);
    }
    schedule(nextPollDelayMs(failures, options.random()));
  };

  return {
    start() {
      if (running) return;
      running = true;
      void poll();
    },
    pollNow() {
      if (!running) return Promise.resolve();
      return poll();
    },
    stop() {
      running = false;
      generation += 1;
      inFlight?.abort();
      inFlight = null;
      clearTimers();
    },
    markHealthy() {
      if (failures === 0 || inFlight !== null) return;
      failures = 0;
      schedule(POLL_INTERVAL_MS);
    },
    get failures() {
      return failures;
    },
  };
}
