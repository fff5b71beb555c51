import { describe, expect, it } from 'vitest';
import { buildArcs, checkSpinPlan, createSeededRandom, type Snapshot } from '../core/index.ts';
import { createCryptoRandom, drawLocally, randomId } from './local-draw.ts';

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

describe('drawLocally', () => {
  it('makes a plan that passes the same check as a server plan, and the matching upload', () => {
    const arcs = buildArcs(snapshot.entries.map((entry) => entry.weight));
    const random = createSeededRandom(7);
    for (let i = 0; i < 200; i++) {
      const { plan, draw } = drawLocally(random, snapshot, 'offline', new Date(0), { displayId: 'screen' });
      expect(checkSpinPlan(plan, snapshot, arcs, (i * 37) % 360)).toBeNull();
      expect(plan).toMatchObject({ wheel: 'gala', version: 3, durationMs: 9_000 });
      expect(plan.ticket).toBe(snapshot.entries[plan.targetIndex]!.ticket);
      expect(draw).toMatchObject({ id: plan.id, mode: 'offline', ticket: plan.ticket, displayId: 'screen' });
    }
  });

  it('follows the weights (crypto randomness)', () => {
    const random = createCryptoRandom();
    const counts = [0, 0, 0];
    for (let i = 0; i < 5_000; i++)
      counts[drawLocally(random, snapshot, 'offline', new Date(0)).plan.targetIndex]! += 1;
    // B has weight 3 of 5: far from 1/3 even with generous slack.
    expect(counts[1]! / 5_000).toBeGreaterThan(0.5);
    expect(counts[1]! / 5_000).toBeLessThan(0.7);
  });
});

describe('randomId', () => {
  it('makes version-4 UUIDs', () => {
    expect(randomId(createCryptoRandom())).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
