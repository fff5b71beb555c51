import { computeSnapshotChecksum, DEFAULT_SETTINGS, type Snapshot, type SpinPlan } from '../../core/index.ts';
import { prepareWheel, type ShownWheel } from '../machine/display-machine.ts';
import { createDisplayStore, type DisplayStore } from '../machine/display-store.ts';
import type { FetchFunction } from '../net/clock.ts';
import type { CachedAppearance, LocalStore } from '../net/local-store.ts';

/** A published snapshot of `count` equal-weight entries, with its real checksum. */
export function testSnapshot(version: number, count = 10, wheel = 'gala'): Snapshot {
  const body = {
    wheel,
    version,
    publishedAt: '2026-11-28T12:00:00.000Z',
    entries: Array.from({ length: count }, (_, i) => ({ ticket: `T${i}`, name: `Name ${i}`, weight: 1 })),
    settings: { ...DEFAULT_SETTINGS },
  };
  return { ...body, checksum: computeSnapshotChecksum(body) };
}

export function testWheel(version: number, count = 10, wheel = 'gala'): ShownWheel {
  const prepared = prepareWheel(testSnapshot(version, count, wheel));
  if (!prepared.ok) throw new Error('bad test wheel');
  return prepared.wheel;
}

export function testPlan(version: number, overrides: Partial<SpinPlan> = {}): SpinPlan {
  return {
    id: 'spin-1',
    wheel: 'gala',
    version,
    targetIndex: 3,
    ticket: 'T3',
    name: 'Name 3',
    rotations: 6,
    landingFraction: 0.4,
    durationMs: 11_000,
    ...overrides,
  };
}

/** A store showing `version` on a presenter page (or a view-only one). */
export function idleStore(version = 1, options: { canSpin?: boolean } = {}): DisplayStore {
  const store = createDisplayStore();
  store.dispatch({ type: 'snapshot-verified', wheel: testWheel(version), atMs: 0 });
  store.dispatch({ type: 'rights-known', canSpin: options.canSpin ?? true });
  return store;
}

export const jsonResponse = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

export interface RecordedFetch {
  fetch: FetchFunction;
  calls: Array<{ url: string; method: string; body: unknown }>;
}

/** A fetch that records each request and answers with `answer` (a thrown error is a network failure). */
export function recordingFetch(
  answer: (url: string, init?: RequestInit) => Response | Promise<Response>,
): RecordedFetch {
  const calls: RecordedFetch['calls'] = [];
  return {
    calls,
    fetch: async (url, init) => {
      const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : null;
      calls.push({ url, method: init?.method ?? 'GET', body });
      return answer(url, init);
    },
  };
}

/** The IndexedDB cache and outbox, in memory. */
export function createMemoryLocalStore(): LocalStore & { items: Map<string, { id: string }> } {
  const items = new Map<string, { id: string }>();
  const snapshots = new Map<string, unknown[]>();
  const appearances = new Map<string, CachedAppearance>();
  const vouchers = new Map<string, unknown[]>();
  return {
    items,
    cachedSnapshots: async (wheel) => snapshots.get(wheel) ?? [],
    async cacheSnapshot(wheel, _version, snapshot) {
      snapshots.set(wheel, [snapshot, ...(snapshots.get(wheel) ?? [])]);
    },
    async replaceCachedSnapshots(wheel, _version, snapshot) {
      snapshots.set(wheel, [snapshot]);
    },
    cachedAppearance: async (wheel) => appearances.get(wheel) ?? null,
    async cacheAppearance(wheel, cached) {
      appearances.set(wheel, cached);
    },
    cachedVouchers: async (wheel) => vouchers.get(wheel) ?? [],
    async cacheVouchers(wheel, held) {
      vouchers.set(wheel, [...held]);
    },
    outbox: async <T>() => [...items.values()] as T[],
    async addToOutbox(item) {
      items.set(item.id, item);
    },
    async removeFromOutbox(id) {
      items.delete(id);
    },
  };
}
