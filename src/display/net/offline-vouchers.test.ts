import { describe, expect, it } from 'vitest';
import type { OfflineVoucher } from '../../core/index.ts';
import { createManualClock } from '../test-support/manual-clock.ts';
import { createMemoryLocalStore, idleStore, jsonResponse, recordingFetch } from '../test-support/fakes.ts';
import { createOfflineVouchers } from './offline-vouchers.ts';

const voucher = (id: string, version = 1, checksum = 'sha256:v1'): OfflineVoucher => ({
  id,
  version,
  checksum,
  seed: 'cd'.repeat(32),
});

function setUp(answer: () => Response, options: { canSpin?: boolean } = {}) {
  const manual = createManualClock();
  const store = idleStore(1, options);
  const localStore = createMemoryLocalStore();
  const server = recordingFetch(() => answer());
  const vouchers = createOfflineVouchers({
    getState: store.getState,
    clock: manual.clock,
    fetch: server.fetch,
    slug: 'gala',
    presenterKey: 'k 1',
    displayId: 'screen-1',
    localStore,
  });
  return { store, localStore, server, vouchers };
}

describe('createOfflineVouchers', () => {
  it('asks for the version on screen with the key and display, keeps the answer and hands each voucher out once', async () => {
    const issued = [voucher('a'), voucher('b'), voucher('c', 2, 'sha256:v2')];
    const { localStore, server, vouchers } = setUp(() => jsonResponse({ vouchers: issued }));
    await vouchers.topUp();
    expect(server.calls).toEqual([
      {
        url: '/api/wheels/gala/offline-vouchers?key=k%201',
        method: 'POST',
        body: { version: 1, displayId: 'screen-1' },
      },
    ]);
    await vouchers.topUp(); // already answered for version 1: nothing to ask
    expect(server.calls).toHaveLength(1);
    const snapshot = { version: 1, checksum: 'sha256:v1' };
    expect(await vouchers.take(snapshot)).toEqual(voucher('a'));
    expect(await localStore.cachedVouchers('gala')).toEqual([voucher('b'), voucher('c', 2, 'sha256:v2')]);
    expect(await vouchers.take(snapshot)).toEqual(voucher('b'));
    expect(await vouchers.take(snapshot)).toBeNull(); // c is for another version
    expect(await vouchers.take({ version: 1, checksum: 'sha256:other' })).toBeNull();
  });

  it('reads the vouchers IndexedDB kept (a reload while offline)', async () => {
    const { localStore, vouchers } = setUp(() => jsonResponse({}, 500));
    await localStore.cacheVouchers('gala', [voucher('kept'), { id: 'malformed' }]);
    expect(await vouchers.take({ version: 1, checksum: 'sha256:v1' })).toEqual(voucher('kept'));
    expect(await vouchers.take({ version: 1, checksum: 'sha256:v1' })).toBeNull();
  });

  it('forgets its vouchers when the server answers 403 offline_refused', async () => {
    const { localStore, vouchers } = setUp(() =>
      jsonResponse({ error: { code: 'offline_refused', message: 'refused' } }, 403),
    );
    await localStore.cacheVouchers('gala', [voucher('a')]);
    await vouchers.topUp();
    expect(await vouchers.take({ version: 1, checksum: 'sha256:v1' })).toBeNull();
  });

  it('asks nothing on a view-only page or while draws wait in the outbox', async () => {
    const viewOnly = setUp(() => jsonResponse({ vouchers: [] }), { canSpin: false });
    await viewOnly.vouchers.topUp();
    expect(viewOnly.server.calls).toHaveLength(0);

    const waiting = setUp(() => jsonResponse({ vouchers: [] }));
    waiting.store.dispatch({ type: 'outbox-counted', size: 1 });
    await waiting.vouchers.topUp();
    expect(waiting.server.calls).toHaveLength(0);
  });
});
