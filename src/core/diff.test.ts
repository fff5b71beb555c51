import { describe, expect, it } from 'vitest';
import { diffEntries, diffSettings, normalizeTicketKey } from './diff.ts';

const entry = (ticket: string, name = `Name ${ticket}`, weight = 1) => ({ ticket, name, weight });

describe('diffEntries', () => {
  it('counts everything as added when nothing was published', () => {
    const diff = diffEntries(null, [entry('1'), entry('2')]);
    expect(diff).toMatchObject({ added: 2, removed: 0, changed: 0 });
  });

  it('matches tickets after NFKC, trimming and case folding', () => {
    const diff = diffEntries([entry('A-1', 'Ana')], [entry(' a-1 ', 'Ana')]);
    expect(diff.added).toBe(0);
    expect(diff.removed).toBe(0);
    expect(diff.changed).toBe(1); // the displayed ticket changed
    expect(normalizeTicketKey('ＡＢ')).toBe('ab');
  });

  it('reports added, removed and changed entries with exact counts and capped lists', () => {
    const before = [entry('1'), entry('2'), entry('3', 'Old')];
    const after = [entry('1'), entry('3', 'New'), entry('4'), entry('5')];
    const diff = diffEntries(before, after, { maxListed: 1 });
    expect(diff).toMatchObject({ added: 2, removed: 1, changed: 1 });
    expect(diff.addedEntries).toEqual([entry('4')]);
    expect(diff.removedEntries).toEqual([entry('2')]);
    expect(diff.changedEntries).toEqual([{ before: entry('3', 'Old'), after: entry('3', 'New') }]);
  });

  it('treats a weight change as a change', () => {
    expect(diffEntries([entry('1', 'A', 1)], [entry('1', 'A', 2)]).changed).toBe(1);
  });
});

describe('diffSettings', () => {
  const published = { spinDurationMs: 11_000, minRotations: 5, maxRotations: 8, removeWinners: true };

  it('lists only the settings the draft changes, with both values', () => {
    expect(diffSettings(published, { ...published, spinDurationMs: 8_000, removeWinners: false })).toEqual([
      { setting: 'spinDurationMs', before: 11_000, after: 8_000 },
      { setting: 'removeWinners', before: true, after: false },
    ]);
    expect(diffSettings(published, { ...published })).toEqual([]);
  });

  it('lists every setting when nothing was published', () => {
    expect(diffSettings(null, published).map((change) => [change.setting, change.before])).toEqual([
      ['spinDurationMs', null],
      ['minRotations', null],
      ['maxRotations', null],
      ['removeWinners', null],
      ['publicNames', null],
    ]);
  });

  it('names a change of who sees which names, an absent policy being full', () => {
    expect(diffSettings(published, { ...published, publicNames: 'full' })).toEqual([]);
    expect(diffSettings(published, { ...published, publicNames: 'masked' })).toEqual([
      { setting: 'publicNames', before: 'full', after: 'masked' },
    ]);
  });
});
