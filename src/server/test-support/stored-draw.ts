// A draw-log row with every field set to a plain default, for tests that build draw logs by hand.
import type { StoredDraw } from '../storage/store.ts';

export function storedDraw(
  overrides: Partial<StoredDraw> & Pick<StoredDraw, 'seq' | 'ticket' | 'name'>,
): StoredDraw {
  return {
    id: `draw-${overrides.seq}`,
    version: 1,
    targetIndex: 0,
    mode: 'random',
    createdAt: '2026-12-06T21:03:05.000Z',
    landedIndex: null,
    durationMs: null,
    rotations: 5,
    landingFraction: 0.5,
    plannedDurationMs: 11_000,
    startedBy: 'admin',
    checksum: null,
    displayId: null,
    landedAt: null,
    voided: false,
    voidedAt: null,
    voidReason: null,
    voidedBy: null,
    epoch: null,
    declinedBy: null,
    person: null,
    prizeId: null,
    batchId: null,
    role: null,
    rank: null,
    substitutes: null,
    promotedFrom: null,
    declined: null,
    rehearsal: false,
    ...overrides,
  };
}
