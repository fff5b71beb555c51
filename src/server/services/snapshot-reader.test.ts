import { afterEach, describe, expect, it } from 'vitest';
import { createWheelEventBus } from '../events.ts';
import { createTestApp, publishEntries, sampleEntries, type TestApp } from '../test-support/test-app.ts';
import { LATEST_VERSION_TTL_MS, createSnapshotReader } from './snapshot-reader.ts';

let testApp: TestApp | undefined;
afterEach(async () => {
  await testApp?.close();
  testApp = undefined;
});

/**
 * An app with version 1 of the default wheel published, and a reader over its store with its own
 * clock and a bus the app's publishes do not reach (they stand for publishes made outside the bus:
 * the CLI).
 */
async function readerOverPublishedWheel() {
  const app = await createTestApp();
  testApp = app;
  const cookie = await app.signIn();
  await publishEntries(app, cookie, 'default', sampleEntries(3));
  const bus = createWheelEventBus();
  const time = { nowMs: 1_000_000 };
  const reader = createSnapshotReader(app.app.store, { error() {} }, { events: bus, now: () => time.nowMs });
  return { app, cookie, bus, time, reader };
}

describe('createSnapshotReader: the latest version kept in memory', () => {
  it('forgets a wheel’s latest version on its snapshot event, and otherwise after the expiry', async () => {
    const { app, cookie, bus, time, reader } = await readerOverPublishedWheel();
    expect((await reader.readLatest('default'))?.snapshot.version).toBe(1);

    await publishEntries(app, cookie, 'default', sampleEntries(4));
    expect((await reader.readLatest('default'))?.snapshot.version).toBe(1); // still trusted
    time.nowMs += LATEST_VERSION_TTL_MS;
    expect((await reader.readLatest('default'))?.snapshot.version).toBe(2); // expired: asked again

    await publishEntries(app, cookie, 'default', sampleEntries(5));
    bus.publish('other', { type: 'snapshot', data: { version: 9 } });
    expect((await reader.peekLatest('default'))?.version).toBe(2); // another wheel's event changes nothing
    bus.publish('default', { type: 'snapshot', data: { version: 3 } });
    expect((await reader.readLatest('default'))?.snapshot.version).toBe(3); // at once, no expiry needed
  });

  it('answers peekLatestCached only while the latest version is fresh and verified, never from the database', async () => {
    const { app, cookie, bus, time, reader } = await readerOverPublishedWheel();

    expect(reader.peekLatestCached('default')).toBeNull(); // nothing read yet
    const latest = await reader.readLatest('default');
    expect(reader.peekLatestCached('default')).toEqual({ version: 1, checksum: latest?.snapshot.checksum });
    expect(reader.peekLatestCached('other')).toBeNull();

    time.nowMs += LATEST_VERSION_TTL_MS;
    expect(reader.peekLatestCached('default')).toBeNull(); // expired: only the database may say
    await reader.peekLatest('default');
    expect(reader.peekLatestCached('default')?.version).toBe(1);

    bus.publish('default', { type: 'snapshot', data: { version: 2 } });
    expect(reader.peekLatestCached('default')).toBeNull(); // a publish was heard: ask again
    await publishEntries(app, cookie, 'default', sampleEntries(4));
    await reader.peekLatest('default'); // version 2 known, its body not yet verified
    expect(reader.peekLatestCached('default')).toBeNull();
    await reader.readLatest('default');
    expect(reader.peekLatestCached('default')?.version).toBe(2);
  });

  it('does not keep a lookup that a snapshot event overtook (a slow database round trip)', async () => {
    testApp = await createTestApp();
    const cookie = await testApp.signIn();
    await publishEntries(testApp, cookie, 'default', sampleEntries(3));
    const store = testApp.app.store;
    let gate: Promise<void> | null = null;
    // The store's answer is read, then held back until the gate opens: a query in flight.
    const slowStore = new Proxy(store, {
      get(target, key) {
        if (key === 'latestVersion')
          return async (wheel: string) => {
            const version = await target.latestVersion(wheel);
            await gate;
            return version;
          };
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const bus = createWheelEventBus();
    const reader = createSnapshotReader(slowStore, { error() {} }, { events: bus, now: () => 1_000_000 });

    let openGate: () => void = () => undefined;
    gate = new Promise((resolve) => (openGate = resolve));
    const inFlight = reader.readLatest('default');
    await publishEntries(testApp, cookie, 'default', sampleEntries(4));
    bus.publish('default', { type: 'snapshot', data: { version: 2 } });
    openGate();
    expect((await inFlight)?.snapshot.version).toBe(1); // asked before the publish
    gate = null;
    expect((await reader.readLatest('default'))?.snapshot.version).toBe(2); // not the stale answer
  });

  it('serves a publish through the app to the very next poll', async () => {
    testApp = await createTestApp();
    const cookie = await testApp.signIn();
    await publishEntries(testApp, cookie, 'default', sampleEntries(3));
    const first = await testApp.app.inject({
      method: 'GET',
      url: '/api/wheels/default/snapshot?currentVersion=1',
    });
    expect(first.statusCode).toBe(204);
    await publishEntries(testApp, cookie, 'default', sampleEntries(4));
    const next = await testApp.app.inject({
      method: 'GET',
      url: '/api/wheels/default/snapshot?currentVersion=1',
    });
    expect(next.statusCode).toBe(200);
    expect(next.json().version).toBe(2);
  });
});
