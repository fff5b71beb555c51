import { describe, expect, it } from 'vitest';
import { createDisplayStore } from '../machine/display-store.ts';
import { createManualClock } from '../test-support/manual-clock.ts';
import {
  createMemoryLocalStore,
  idleStore,
  jsonResponse,
  recordingFetch,
  testSnapshot,
} from '../test-support/fakes.ts';
import { createSnapshotSync } from './snapshot-sync.ts';

function setUp(answer: (url: string) => Response, store = createDisplayStore()) {
  const manual = createManualClock();
  const server = recordingFetch(answer);
  const localStore = createMemoryLocalStore();
  const seen = { serverAnswered: 0, damaged: 0, painted: [] as Array<() => void> };
  const sync = createSnapshotSync({
    getState: store.getState,
    dispatch: store.dispatch,
    clock: manual.clock,
    fetch: server.fetch,
    random: () => 0.5,
    slug: 'gala',
    localStore,
    afterWheelPainted: (task) => void seen.painted.push(task),
    onServerAnswered: () => void (seen.serverAnswered += 1),
    onDamagedCount: (count) => void (seen.damaged = count),
  });
  return { manual, store, server, localStore, sync, seen };
}

const damaged = (version: number) =>
  jsonResponse({ ...testSnapshot(version), checksum: 'sha256:' + '0'.repeat(64) });

describe('createSnapshotSync', () => {
  it('shows the published snapshot, caches it after the first paint and lets waiting uploads go', async () => {
    const { manual, store, sync, seen, localStore } = setUp(() => jsonResponse(testSnapshot(3)));
    sync.start();
    await manual.settle();
    expect(store.getState().wheel?.version).toBe(3);
    expect(store.getState().connection).toBe('online');
    expect(seen.serverAnswered).toBe(1);
    expect(await localStore.cachedSnapshots('gala')).toEqual([]);
    for (const task of seen.painted) task();
    expect(await localStore.cachedSnapshots('gala')).toHaveLength(1);
  });

  it('polls again on the injected clock, and fetches a hinted version only when it is newer', async () => {
    const { manual, server, sync } = setUp(() => new Response(null, { status: 204 }), idleStore(3));
    sync.start();
    await manual.settle();
    expect(server.calls).toHaveLength(1);
    await manual.advance(5_000);
    expect(server.calls).toHaveLength(2);
    sync.hintVersion(3);
    await manual.settle();
    expect(server.calls).toHaveLength(2);
    sync.hintVersion(4);
    await manual.settle();
    expect(server.calls).toHaveLength(3);
    sync.stop();
  });

  it('refuses a damaged snapshot and shows the newest older version that verifies', async () => {
    const { manual, store, server, sync, seen } = setUp((url) => {
      if (url.endsWith('/snapshots/6')) return damaged(6);
      if (url.endsWith('/snapshots/5')) return jsonResponse(testSnapshot(5));
      return damaged(7);
    });
    sync.start();
    await manual.settle();
    expect(server.calls.map((call) => call.url)).toEqual([
      '/api/wheels/gala/snapshot',
      '/api/wheels/gala/snapshots/6',
      '/api/wheels/gala/snapshots/5',
    ]);
    expect(store.getState().wheel?.version).toBe(5);
    expect(seen.damaged).toBe(2);
  });

  it("gives the wheel of a spin plan's version from the screen, or from the archive", async () => {
    const { store, server, sync } = setUp(
      (url) =>
        url.endsWith('/snapshots/2') ? jsonResponse(testSnapshot(2)) : new Response(null, { status: 204 }),
      idleStore(3),
    );
    expect(await sync.wheelOfVersion(3)).toBe(store.getState().wheel);
    expect(server.calls).toHaveLength(0);
    expect((await sync.wheelOfVersion(2))?.version).toBe(2);
    expect(server.calls.map((call) => call.url)).toEqual(['/api/wheels/gala/snapshots/2']);
    // Nothing changes on screen: the spin itself takes that wheel.
    expect(store.getState().wheel?.version).toBe(3);
    expect(await sync.wheelOfVersion(9)).toBeNull();
  });

  it('drops a version the server no longer has and shows the lower one it serves, in the cache too', async () => {
    const { manual, store, sync, localStore } = setUp(
      (url) =>
        url.includes('currentVersion=5')
          ? jsonResponse(testSnapshot(3, 4))
          : new Response(null, { status: 204 }),
      idleStore(5),
    );
    await localStore.cacheSnapshot('gala', 5, testSnapshot(5));
    sync.start();
    await manual.settle();
    expect(store.getState().wheel?.version).toBe(3);
    expect(store.getState().wheel?.snapshot.entries).toHaveLength(4);
    expect(await localStore.cachedSnapshots('gala')).toEqual([testSnapshot(3, 4)]);
  });

  it('replaces the version on screen when the server serves the same number with another checksum', async () => {
    const restored = testSnapshot(5, 6);
    const { manual, store, server, sync, localStore } = setUp(
      (url) =>
        url.includes('currentVersion=')
          ? new Response(null, { status: 204, headers: { etag: `"${restored.checksum}"` } })
          : jsonResponse(restored),
      idleStore(5),
    );
    sync.start();
    await manual.settle();
    expect(server.calls.map((call) => call.url)).toEqual([
      '/api/wheels/gala/snapshot?currentVersion=5',
      '/api/wheels/gala/snapshot',
    ]);
    expect(store.getState().wheel?.snapshot.checksum).toBe(restored.checksum);
    expect(await localStore.cachedSnapshots('gala')).toEqual([restored]);
    // The next poll's ETag matches: nothing more is fetched.
    await manual.advance(5_000);
    expect(server.calls).toHaveLength(3);
  });

  it('keeps the version on screen when the server answers it unchanged with its own checksum', async () => {
    const { manual, store, server, sync } = setUp(
      () => new Response(null, { status: 204, headers: { etag: `"${testSnapshot(5).checksum}"` } }),
      idleStore(5),
    );
    const shown = store.getState().wheel;
    sync.start();
    await manual.settle();
    expect(server.calls).toHaveLength(1);
    expect(store.getState().wheel).toBe(shown);
  });

  it('shows the cached wheel on an offline start', async () => {
    const { store, sync, localStore } = setUp(() => jsonResponse({}, 503));
    await localStore.cacheSnapshot('gala', 2, { ...testSnapshot(2), checksum: 'sha256:' + '0'.repeat(64) });
    await sync.showCachedSnapshot();
    expect(store.getState().wheel).toBeNull(); // a damaged cache entry is never shown
    await localStore.cacheSnapshot('gala', 2, testSnapshot(2));
    await sync.showCachedSnapshot();
    expect(store.getState().wheel?.version).toBe(2);
    expect(store.getState().lastSyncAtMs).toBeNull();
  });
});
