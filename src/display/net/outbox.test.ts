import { describe, expect, it } from 'vitest';
import type { OfflineDrawUpload } from '../../core/index.ts';
import { createManualClock } from '../test-support/manual-clock.ts';
import { createMemoryLocalStore, idleStore, jsonResponse, recordingFetch } from '../test-support/fakes.ts';
import { createDrawOutbox } from './outbox.ts';

function draw(id: string): OfflineDrawUpload {
  return {
    id,
    voucherId: `voucher-${id}`,
    version: 1,
    rotations: 6,
    landingFraction: 0.5,
    durationMs: 11_000,
    drawnAt: '2026-11-28T12:00:00.000Z',
  };
}

function setUp(answer: (id: string) => Response | Promise<Response>, options: { canSpin?: boolean } = {}) {
  const manual = createManualClock();
  const store = idleStore(1, options);
  const localStore = createMemoryLocalStore();
  const server = recordingFetch((_url, init) =>
    answer((JSON.parse(init?.body as string) as OfflineDrawUpload).id),
  );
  const outbox = createDrawOutbox({
    getState: store.getState,
    dispatch: store.dispatch,
    clock: manual.clock,
    fetch: server.fetch,
    slug: 'gala',
    presenterKey: 'k 1',
    localStore,
  });
  return { store, localStore, server, outbox };
}

describe('createDrawOutbox', () => {
  it('uploads each draw with the presenter key and drops what the server answered, taken or refused', async () => {
    const { store, localStore, server, outbox } = setUp((id) => jsonResponse({}, id === 'd2' ? 409 : 201));
    await outbox.add(draw('d1'));
    await outbox.add(draw('d2'));
    expect(store.getState().outbox.size).toBe(2);
    await outbox.flush();
    expect(server.calls.map((call) => [call.method, call.url])).toEqual([
      ['POST', '/api/wheels/gala/offline-draws?key=k%201'],
      ['POST', '/api/wheels/gala/offline-draws?key=k%201'],
    ]);
    expect(localStore.items.size).toBe(0);
    expect(store.getState().outbox).toEqual({ flushing: false, size: 0 });
  });

  it('keeps the draws for the next time when the server is unreachable or failing', async () => {
    const { store, server, outbox } = setUp(() => jsonResponse({}, 503));
    await outbox.add(draw('d1'));
    await outbox.add(draw('d2'));
    await outbox.flush();
    expect(server.calls).toHaveLength(1);
    expect(store.getState().outbox).toEqual({ flushing: false, size: 2 });
  });

  it('uploads nothing from a view-only page, and once at a time', async () => {
    const viewOnly = setUp(() => jsonResponse({}, 201), { canSpin: false });
    await viewOnly.localStore.addToOutbox(draw('d1'));
    await viewOnly.outbox.flush();
    expect(viewOnly.server.calls).toHaveLength(0);

    let release = (): void => undefined;
    const slow = setUp(
      () => new Promise<Response>((resolve) => (release = () => resolve(jsonResponse({}, 201)))),
    );
    await slow.outbox.add(draw('d1'));
    const first = slow.outbox.flush();
    await slow.outbox.flush(); // while the first is uploading: nothing more
    expect(slow.store.getState().outbox.flushing).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 0));
    release();
    await first;
    expect(slow.server.calls).toHaveLength(1);
    expect(slow.store.getState().outbox).toEqual({ flushing: false, size: 0 });
  });
});
