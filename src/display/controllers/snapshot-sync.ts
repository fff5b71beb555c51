import type { Snapshot } from '../../core/index.ts';
import { knownVersion, prepareWheel } from '../machine/display-machine.ts';
import type { LocalStore } from '../net/local-store.ts';
import { createSnapshotPoller, type SnapshotPoller } from '../net/poller.ts';
import { fetchSnapshotVersion, type SnapshotFetchResult } from '../net/snapshot-client.ts';
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
  /** Brings the wheel on screen to a spin plan's version: from the pending slot, a fetch, or the archive. */
  ensureVersionShown(version: number): Promise<void>;
}

interface SyncContext {
  deps: SnapshotSyncDeps;
  poller: SnapshotPoller;
  damagedVersions: Set<number>;
  recovering: boolean;
}

function handleResult(context: SyncContext, result: SnapshotFetchResult): void {
  const { deps } = context;
  const atMs = deps.clock.now();
  switch (result.kind) {
    case 'snapshot': {
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
    case 'unchanged':
      deps.dispatch({ type: 'snapshot-unchanged', atMs });
      deps.onServerAnswered();
      return;
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
      handleResult(context, result);
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

async function ensureVersionShown(context: SyncContext, version: number): Promise<void> {
  const { deps } = context;
  const state = deps.getState;
  if (state().wheel?.version === version) return;
  if (state().pending.update?.version === version) {
    deps.dispatch({ type: 'apply-pending-now' });
    return;
  }
  if ((knownVersion(state()) ?? 0) < version) {
    await context.poller.pollNow();
    if (state().wheel?.version === version) return;
    if (state().pending.update?.version === version && state().phase !== 'spinning') {
      deps.dispatch({ type: 'apply-pending-now' });
      return;
    }
  }
  const result = await fetchSnapshotVersion({
    fetch: deps.fetch,
    clock: deps.clock,
    slug: deps.slug,
    version,
  });
  if (result.kind !== 'snapshot' || state().phase === 'spinning') return;
  const prepared = prepareWheel(result.snapshot);
  if (prepared.ok) deps.dispatch({ type: 'spin-version-loaded', wheel: prepared.wheel });
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
      onResult: (result) => handleResult(context, result),
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
    ensureVersionShown: (version) => ensureVersionShown(context, version),
  };
}
