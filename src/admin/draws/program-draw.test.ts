import { describe, expect, it } from 'vitest';
import type { Prize } from '../../core/index.ts';
import { canDecline, describePlace, prizeNames, usedReserves } from './program-draw.ts';

const WINNER = { prizeId: 'tv', role: 'winner' as const, declined: null, voided: false };

describe('canDecline', () => {
  it('lets a prize’s winner be declined once, never a reserve, a voided draw or an ordinary draw', () => {
    expect(canDecline(WINNER)).toBe(true);
    expect(canDecline({ ...WINNER, declined: { reason: 'absent', at: '2026-12-06T20:00:00Z' } })).toBe(false);
    expect(canDecline({ ...WINNER, role: 'reserve' })).toBe(false);
    expect(canDecline({ ...WINNER, voided: true })).toBe(false);
    expect(canDecline({ ...WINNER, prizeId: null, role: null })).toBe(false);
  });
});

describe('describePlace', () => {
  const place = { seq: 20, role: 'winner' as const, rank: 3, substitutes: null, promotedFrom: null };

  it('names the place and what it replaced', () => {
    expect(describePlace(place, new Map())).toBe('Winner 3');
    expect(describePlace({ ...place, substitutes: 12, promotedFrom: 15 }, new Map())).toBe(
      'Winner 3 · replaces #12 · reserve #15 promoted',
    );
  });

  it('says where a used reserve went', () => {
    const log = [
      { seq: 15, promotedFrom: null },
      { seq: 21, promotedFrom: 15 },
    ];
    const used = usedReserves(log);
    expect([...used]).toEqual([[15, 21]]);
    expect(describePlace({ ...place, seq: 15, role: 'reserve', rank: 1 }, used)).toBe(
      'Reserve 1 · took a place as #21',
    );
  });
});

describe('prizeNames', () => {
  it('lets the published names win over the draft’s', () => {
    const prize = (id: string, name: string): Prize => ({
      id,
      name,
      quantity: 1,
      groups: null,
      allowPreviousWinners: false,
      batchSize: 1,
      reserves: 0,
    });
    const names = prizeNames([prize('tv', 'TV (draft)'), prize('mug', 'Mug')], [prize('tv', 'TV')]);
    expect(Object.fromEntries(names)).toEqual({ tv: 'TV', mug: 'Mug' });
  });
});
