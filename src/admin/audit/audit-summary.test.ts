import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../api/client.ts';
import { chainLinks, shortHash, summarizeDetails } from './audit-summary.ts';

function event(id: number, hash: string, prevHash: string): AuditEvent {
  return {
    id,
    at: '2026-11-28T12:00:00.000Z',
    actor: 'admin',
    action: 'publish',
    wheel: 'default',
    details: {},
    hash,
    prevHash,
  };
}

describe('summarizeDetails', () => {
  it('lists key=value pairs, arrays by length, objects by keys', () => {
    expect(
      summarizeDetails({ fileName: 'list.csv', entries: 120, tickets: ['a', 'b'], diff: { added: 1 } }),
    ).toBe('fileName=list.csv entries=120 tickets=[2] diff={added}');
  });

  it('cuts long values and long summaries', () => {
    expect(summarizeDetails({ reason: 'x'.repeat(100) })).toBe(`reason=${'x'.repeat(39)}…`);
    expect(
      summarizeDetails(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i]))).length,
    ).toBe(160);
  });
});

describe('chainLinks', () => {
  it('marks each event linked to the next older one, or a gap', () => {
    const events = [event(3, 'c', 'b'), event(2, 'b', 'a'), event(1, 'a', '0'), event(0, 'z', 'y')];
    expect(chainLinks([events[0]!, events[1]!, events[3]!])).toEqual(['linked', 'gap', 'last']);
    expect(chainLinks(events.slice(0, 3))).toEqual(['linked', 'linked', 'last']);
  });
});

describe('shortHash', () => {
  it('drops a sha256: prefix and keeps the first characters', () => {
    expect(shortHash('sha256:0123456789abcdef')).toBe('0123456789');
    expect(shortHash('abcdef0123456789')).toBe('abcdef0123');
  });
});
