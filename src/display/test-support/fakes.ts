import {
  computeSnapshotChecksum,
  DEFAULT_SETTINGS,
  type Prize,
  type ProgramState,
  type PublicProgramDraw,
  type Snapshot,
  type SpinPlan,
} from '../../core/index.ts';
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

/** Prizes of a test event: a staff-only one (groups) and an open one. */
export const TEST_PRIZES: Prize[] = [
  {
    id: 'gift',
    name: 'Gift card',
    quantity: 3,
    sponsor: 'Acme',
    groups: null,
    allowPreviousWinners: false,
    batchSize: 2,
    reserves: 1,
  },
  {
    id: 'staff',
    name: 'Staff prize',
    quantity: 1,
    groups: ['Staff'],
    allowPreviousWinners: false,
    batchSize: 1,
    reserves: 0,
  },
];

/**
 * A snapshot with prizes: 10 entries T0…T9, persons p0…p4 holding two tickets each (T0 and T5 are
 * p0's), entries T0…T2 in group Staff.
 */
export function testProgramWheel(version = 1): ShownWheel {
  const body = {
    wheel: 'gala',
    version,
    publishedAt: '2026-12-05T18:00:00.000Z',
    entries: Array.from({ length: 10 }, (_, i) => ({
      ticket: `T${i}`,
      name: `Name ${i}`,
      weight: 1,
      person: `p${i % 5}`,
      ...(i < 3 ? { group: 'Staff' } : {}),
    })),
    settings: { ...DEFAULT_SETTINGS },
    prizes: TEST_PRIZES,
  };
  const prepared = prepareWheel({ ...body, checksum: computeSnapshotChecksum(body) });
  if (!prepared.ok) throw new Error('bad test wheel');
  return prepared.wheel;
}

/** A program draw of the test event's snapshot entry `index` (person and ticket from it). */
export function testProgramDraw(
  seq: number,
  index: number,
  fields: Partial<PublicProgramDraw> = {},
): PublicProgramDraw {
  return {
    seq,
    version: 1,
    prizeId: 'gift',
    batchId: 'b1',
    ticket: `T${index}`,
    name: `Name ${index}`,
    targetIndex: index,
    person: `person:p${index % 5}`,
    role: 'winner',
    rank: 1,
    substitutes: null,
    promotedFrom: null,
    declined: false,
    declineReason: null,
    voided: false,
    rehearsal: false,
    createdAt: '2026-12-05T18:10:00.000Z',
    ...fields,
  };
}

export function testProgram(fields: Partial<ProgramState> = {}): ProgramState {
  return {
    wheel: 'gala',
    rehearsal: false,
    stage: { prizeId: 'gift', scene: 'wheel', blank: false },
    draws: [],
    revision: 'r1',
    ...fields,
  };
}
