import { describe, expect, it } from 'vitest';
import type { Prize } from '../../core/index.ts';
import {
  EMPTY_PRIZE_FIELDS,
  draftGroups,
  errorsByPrize,
  moveItem,
  parseGroupList,
  readPrizeFields,
  toPrizeFields,
  toPrizeInput,
  unknownGroups,
} from './prize-fields.ts';

const TV: Prize = {
  id: 'tv',
  name: 'Television',
  quantity: 2,
  description: '55 inch',
  sponsor: 'Acme',
  image: 'a'.repeat(64),
  groups: ['Staff', 'Sales'],
  allowPreviousWinners: true,
  batchSize: 1,
  reserves: 2,
};

describe('prize fields', () => {
  it('round-trips a prize through the form', () => {
    const read = readPrizeFields('tv', toPrizeFields(TV));
    expect(read).toEqual({ ok: true, prize: TV });
  });

  it('leaves out empty optional fields and reads no groups as everyone', () => {
    const read = readPrizeFields('mug', { ...EMPTY_PRIZE_FIELDS, name: '  Mug ', quantity: '50' });
    expect(read).toEqual({
      ok: true,
      prize: {
        id: 'mug',
        name: 'Mug',
        quantity: 50,
        groups: null,
        allowPreviousWinners: false,
        batchSize: 1,
        reserves: 0,
      },
    });
  });

  it('names every field that is not a number or is missing, and makes no prize', () => {
    const read = readPrizeFields('x', {
      ...EMPTY_PRIZE_FIELDS,
      name: ' ',
      quantity: '2.5',
      batchSize: '0',
      reserves: '-1',
    });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems.map((problem) => problem.field)).toEqual([
      'name',
      'quantity',
      'batchSize',
      'reserves',
    ]);
    expect(read.problems[1]?.message).toBe('Quantity must be a whole number of at least 1 (got “2.5”).');
  });

  it('splits groups on commas and semicolons, dropping blanks and repeats as the rules compare', () => {
    expect(parseGroupList('Staff; sales , ,STAFF,Sales ')).toEqual(['Staff', 'sales']);
    expect(parseGroupList(' , ')).toBeNull();
  });
});

describe('prize inputs', () => {
  it('sends a new prize without an id (the server names it) and keeps a saved prize’s id', () => {
    const read = readPrizeFields('', { ...EMPTY_PRIZE_FIELDS, name: 'Mug' });
    if (!read.ok) throw new Error('the form is valid');
    expect(toPrizeInput(read.prize)).not.toHaveProperty('id');
    expect(toPrizeInput(TV)).toBe(TV);
  });
});

describe('running order', () => {
  it('moves a prize up or down and ignores moves off the ends', () => {
    expect(moveItem(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
});

describe('errors and groups', () => {
  it('files a refused save’s errors under the prize they name', () => {
    const byPrize = errorsByPrize([
      { index: 1, field: 'name', code: 'too_long', message: 'Name too long' },
      { index: 1, field: 'quantity', code: 'range', message: 'Quantity too large' },
      { index: 3, field: 'image', code: 'unknown_image', message: 'No such image' },
    ]);
    expect([...byPrize.keys()]).toEqual([1, 3]);
    expect(byPrize.get(1)?.map((error) => error.field)).toEqual(['name', 'quantity']);
  });

  it('lists the draft’s groups once each and finds prize groups nobody is in', () => {
    const known = draftGroups([
      { group: 'Staff' },
      { group: ' staff ' },
      {},
      { group: 'Guests' },
      { group: '' },
    ]);
    expect(known).toEqual(['Guests', 'Staff']);
    expect(unknownGroups(['STAFF', 'Board'], known)).toEqual(['Board']);
    expect(unknownGroups(null, known)).toEqual([]);
  });
});
