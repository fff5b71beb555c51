import type { Snapshot } from '../../core/index.ts';
import { knownVersion, prepareWheel, type ShownWheel } from '../machine/display-machine.ts';
import type { LocalStore } from '../net/local-store.ts';
import { createSnapshotPoller, type SnapshotPoller } from '../net/poller.ts';
import { fetchSnapshot, fetchSnapshotVersion, type SnapshotFetchResult } from '../net/snapshot-client.ts';
import { verifySnapshotQuickly } from '../net/verify-snapshot.ts';
import { markTiming } from '../timing-marks.ts';
import { logFailure, type ControllerDeps } from './deps.ts';

/** How far back a display looks for an intact version when the newest is damaged. */
const MAX_VERSIONS_TRIED_AFTER_DAMAGE = 5;

export interface SnapshotSyncDeps extends ControllerDeps {
  random: () => number;
  slug: string;
  localStore: LocalStore;
  /** Runs work that is not needed for the first paint once the wheel is on screen. */
  afterWheelPainted(task: () => void): void;
  /** The server answered: a moment to upload what waited for it. */
  onServerAnswered(): void;
  /** Distinct damaged snapshot versions this page was sent (never shown). */
  onDamagedCount(count: number): void;
}

/** Keeps the wheel on screen in step with the server's published snapshots (poll, push hints, cache). */
export interface SnapshotSync {
  start(): void;
  stop(): void;
  /** Fetches at once; resolves once the answer is on screen (or pending). */
  pollNow(): Promise<void>;
  /** A hint that the server may have news (back online, tab visible, stream reconnected). */
  retryNow(): void;
  /** A pushed version number: fetched when newer than what this display knows. */
  hintVersion(version: number): void;
  /** An offline start: the newest cached snapshot that still verifies, when the server has not answered. */
  showCachedSnapshot(): Promise<void>;
  /** The wheel of a spin plan's version: on screen, pending, or fetched from the archive. */
  wheelOfVersion(version: number): Promise<ShownWheel | null>;
}

interface SyncContext {
  deps: SnapshotSyncDeps;
  poller: SnapshotPoller;
  damagedVersions: Set<number>;
  recovering: boolean;
}

/** The snapshot this display holds at `version` (shown or pending), if any. */
function heldSnapshot(state: ReturnType<SnapshotSyncDeps['getState']>, version: number): Snapshot | null {
  if (state.pending.update?.version === version) return state.pending.update.snapshot;
  if (state.wheel?.version === version) return state.wheel.snapshot;
  return null;
}

/**
 * The server serves a lower version, or the held version with another checksum (it was restored
 * from a backup): what it serves replaces what this display holds, in the cache too, so an offline
 * start never brings the dropped version back.
 */
function replaceWith(context: SyncContext, snapshot: Snapshot): void {
  const { deps } = context;
  const prepared = prepareWheel(snapshot);
  if (!prepared.ok) {
    console.warn('prizewheel: snapshot rejected', prepared.code);
    return;
  }
  console.warn(
    `prizewheel: the server now serves version ${snapshot.version} (${snapshot.checksum}); replacing`,
  );
  deps.dispatch({ type: 'snapshot-replaced', wheel: prepared.wheel, atMs: deps.clock.now() });
  void deps.localStore
    .replaceCachedSnapshots(deps.slug, snapshot.version, snapshot)
    .catch(logFailure('cache replacement'));
  deps.onServerAnswered();
}

/** The held version's checksum differs from the server's: fetch what the server serves now. */
async function fetchReplacement(context: SyncContext): Promise<void> {
  const { deps } = context;
  const result = await fetchSnapshot({
    fetch: deps.fetch,
    clock: deps.clock,
    slug: deps.slug,
    currentVersion: null,
    etag: null,
  });
  if (result.kind === 'snapshot') replaceWith(context, result.snapshot);
  else handleResult(context, result, null);
}

function handleResult(context: SyncContext, result: SnapshotFetchResult, sentVersion: number | null): void {
  const { deps } = context;
  const atMs = deps.clock.now();
  switch (result.kind) {
    case 'snapshot': {
      // NOTE: the server answers its latest whenever it differs from the version the request held;
      // a lower one means the held version is gone from the server.
      if (sentVersion !== null && result.snapshot.version < sentVersion) {
        replaceWith(context, result.snapshot);
        return;
      }
      const prepared = prepareWheel(result.snapshot);
      markTiming('wheel-prepared');
      if (prepared.ok) {
        deps.dispatch({ type: 'snapshot-verified', wheel: prepared.wheel, atMs });
        // IndexedDB clones the whole snapshot on this thread: after the wheel is on screen.
        const cached = result.snapshot;
        deps.afterWheelPainted(() => void deps.localStore.cacheSnapshot(deps.slug, cached.version, cached));
        deps.onServerAnswered();
      } else {
        console.warn('prizewheel: snapshot rejected', prepared.code);
        deps.dispatch({ type: 'sync-failed', atMs });
      }
      return;
    }
    case 'unchanged': {
      deps.dispatch({ type: 'snapshot-unchanged', atMs });
      deps.onServerAnswered();
      // The same version number with another checksum (the ETag) is another list.
      const held = sentVersion === null ? null : heldSnapshot(deps.getState(), sentVersion);
      if (result.etag !== null && held !== null && result.etag.replace(/^W\//, '') !== `"${held.checksum}"`)
        void fetchReplacement(context).catch(logFailure('replacement'));
      return;
    }
    case 'not-published':
      deps.dispatch({ type: 'nothing-published', atMs });
      return;
    case 'failed':
      console.warn('prizewheel: snapshot sync failed', result.code, result.detail);
      deps.dispatch({ type: 'sync-failed', atMs });
      if (result.code === 'bad_checksum') {
        reportDamage(context, result.claimedVersion ?? null);
        void recoverFromDamage(context, result.claimedVersion ?? null).catch(logFailure('damage recovery'));
      }
      return;
  }
}

function reportDamage(context: SyncContext, version: number | null): void {
  console.warn(`prizewheel: damaged snapshot${version === null ? '' : ` version ${version}`} refused`);
  context.damagedVersions.add(version ?? -1);
  context.deps.onDamagedCount(context.damagedVersions.size);
}

/**
 * The newest version was damaged: show the newest older one that verifies (counting down to the
 * one on screen); with none, the screen keeps what it has (the server, the cache, or empty).
 */
async function recoverFromDamage(context: SyncContext, damagedVersion: number | null): Promise<void> {
  if (damagedVersion === null || context.recovering) return;
  const { deps } = context;
  context.recovering = true;
  try {
    const shown = knownVersion(deps.getState()) ?? 0;
    const lowest = Math.max(shown + 1, damagedVersion - MAX_VERSIONS_TRIED_AFTER_DAMAGE);
    for (let version = damagedVersion - 1; version >= lowest; version--) {
      const result = await fetchSnapshotVersion({
        fetch: deps.fetch,
        clock: deps.clock,
        slug: deps.slug,
        version,
      });
      if (result.kind === 'failed' && result.code === 'bad_checksum') {
        reportDamage(context, version);
        continue;
      }
      if (result.kind !== 'snapshot') continue;
      handleResult(context, result, null);
      context.poller.markHealthy();
      return;
    }
  } finally {
    context.recovering = false;
  }
}

async function showCachedSnapshot(deps: SnapshotSyncDeps): Promise<void> {
  for (const cached of await deps.localStore.cachedSnapshots(deps.slug)) {
    if (!(await verifySnapshotQuickly(cached))) continue;
    const snapshot = cached as Snapshot;
    if (snapshot.wheel !== deps.slug) continue;
    const prepared = prepareWheel(snapshot);
    if (!prepared.ok) continue;
    deps.dispatch({ type: 'cache-loaded', wheel: prepared.wheel });
    return;
  }
}

/**
 * The wheel of one version, to animate a plan on the version it names: the one on screen, the pending
 * one, or fetched (versions are immutable). Null when the server cannot give it.
 */
async function wheelOfVersion(context: SyncContext, version: number): Promise<ShownWheel | null> {
  const { deps } = context;
  const state = deps.getState();
  if (state.wheel?.version === version) return state.wheel;
  if (state.pending.update?.version === version) return state.pending.update;
  const result = await fetchSnapshotVersion({
    fetch: deps.fetch,
    clock: deps.clock,
    slug: deps.slug,
    version,
  });
  if (result.kind !== 'snapshot') {
    console.warn(`prizewheel: version ${version} could not be loaded`, result.kind);
    return null;
  }
  const prepared = prepareWheel(result.snapshot);
  return prepared.ok ? prepared.wheel : null;
}

export function createSnapshotSync(deps: SnapshotSyncDeps): SnapshotSync {
  const context: SyncContext = {
    deps,
    damagedVersions: new Set(),
    recovering: false,
    poller: createSnapshotPoller({
      fetch: deps.fetch,
      clock: deps.clock,
      random: deps.random,
      slug: deps.slug,
      knownVersion: () => knownVersion(deps.getState()),
      isPaused: () => deps.getState().phase === 'spinning',
      onResult: (result, sentVersion) => handleResult(context, result, sentVersion),
    }),
  };
  const { poller } = context;
  const retryNow = (): void => void poller.pollNow().catch(logFailure('poll'));
  return {
    start: () => poller.start(),
    stop: () => poller.stop(),
    pollNow: () => poller.pollNow(),
    retryNow,
    hintVersion(version) {
      if ((knownVersion(deps.getState()) ?? 0) < version) retryNow();
    },
    showCachedSnapshot: () => showCachedSnapshot(deps),
    wheelOfVersion: (version) => wheelOfVersion(context, version),
  };
}
