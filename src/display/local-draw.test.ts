import { describe, expect, it } from 'vitest';
import {
  buildArcs,
  checkSpinPlan,
  createSeededRandom,
  deriveOfflineIndex,
  type OfflineVoucher,
  type Snapshot,
} from '../core/index.ts';
import { createCryptoRandom, drawFromVoucher, randomId } from './local-draw.ts';

const snapshot: Snapshot = {
  wheel: 'gala',
  version: 3,
  publishedAt: '2026-11-28T12:00:00.000Z',
  entries: [
    { ticket: 'A', name: 'Ana', weight: 1 },
    { ticket: 'B', name: 'Bo', weight: 3 },
    { ticket: 'C', name: 'Cy', weight: 1 },
  ],
  settings: { spinDurationMs: 9_000, minRotations: 5, maxRotations: 8, removeWinners: false },
  checksum: 'sha256:unused',
};

describe('drawFromVoucher', () => {
  const voucher = (n: number): OfflineVoucher => ({
    id: `voucher-${n}`,
    version: 3,
    checksum: snapshot.checksum,
    seed: n.toString(16).padStart(64, '0'),
  });

  it("plans the voucher's winner (deriveOfflineIndex), passing the same check as a server plan", () => {
    const arcs = buildArcs(snapshot.entries.map((entry) => entry.weight));
    const random = createSeededRandom(7);
    for (let n = 0; n < 200; n++) {
      const { plan, draw } = drawFromVoucher(random, snapshot, voucher(n), new Date(0), 'screen');
      const expected = deriveOfflineIndex(voucher(n).seed, snapshot.checksum, [1, 3, 1]);
      expect(plan.targetIndex).toBe(expected);
      expect(checkSpinPlan(plan, snapshot, arcs, (n * 37) % 360)).toBeNull();
      expect(plan).toMatchObject({ wheel: 'gala', version: 3, durationMs: 9_000 });
      expect(plan.ticket).toBe(snapshot.entries[expected]!.ticket);
      expect(draw).toEqual({
        id: plan.id,
        voucherId: `voucher-${n}`,
        version: 3,
        rotations: plan.rotations,
        landingFraction: plan.landingFraction,
        durationMs: 9_000,
        drawnAt: new Date(0).toISOString(),
        displayId: 'screen',
      });
    }
  });

  it('gives the same winner whatever the local randomness (only the shape varies)', () => {
    const first = drawFromVoucher(createCryptoRandom(), snapshot, voucher(5), new Date(0)).plan;
    const second = drawFromVoucher(createSeededRandom(1), snapshot, voucher(5), new Date(0)).plan;
    expect(second.targetIndex).toBe(first.targetIndex);
  });
});

describe('randomId', () => {
  it('makes version-4 UUIDs', () => {
    expect(randomId(createCryptoRandom())).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
