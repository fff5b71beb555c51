import { describe, expect, it } from 'vitest';
import {
  PRIZES_MAX,
  PRIZE_BATCH_SIZE_MAX,
  PRIZE_NAME_MAX_CHARACTERS,
  PRIZE_QUANTITY_MAX,
} from './event-program.ts';
import type { SourceRow } from './participants.ts';
import {
  completePrizes,
  parsePrizeFlag,
  parsePrizeGroups,
  slugifyPrizeName,
  validatePrizeSheetRows,
  validatePrizes,
} from './prizes.ts';

function rows(...lines: (readonly string[] | null)[]): SourceRow[] {
  return lines.flatMap((cells, index) => (cells ? [{ row: index + 1, cells }] : []));
}

describe('completePrizes', () => {
  it('fills the defaults and makes ids from names, unique in the list', () => {
    const prizes = completePrizes([
      { name: ' Grand Prize: a Café! ', quantity: 1 },
      { name: 'Grand prize a cafe', quantity: 2, sponsor: ' ', description: ' Two nights ' },
      { id: 'grand-prize-a-cafe-3', name: 'Other', quantity: 1, groups: [' Staff ', 'staff', ''] },
      { name: 'Grand Prize a cafe', quantity: 1 },
    ]);
    expect(prizes).toEqual([
      {
        id: 'grand-prize-a-cafe',
        name: 'Grand Prize: a Café!',
        quantity: 1,
        groups: null,
        allowPreviousWinners: false,
        batchSize: 1,
        reserves: 0,
      },
      {
        id: 'grand-prize-a-cafe-2',
        name: 'Grand prize a cafe',
        quantity: 2,
        description: 'Two nights',
        groups: null,
        allowPreviousWinners: false,
        batchSize: 1,
        reserves: 0,
      },
      {
        id: 'grand-prize-a-cafe-3',
        name: 'Other',
        quantity: 1,
        groups: ['Staff'],
        allowPreviousWinners: false,
        batchSize: 1,
        reserves: 0,
      },
      expect.objectContaining({ id: 'grand-prize-a-cafe-4' }),
    ]);
    expect(validatePrizes(prizes)).toEqual([]);
  });

  it('names a prize without letters or digits `prize`', () => {
    expect(slugifyPrizeName('★★★')).toBe('prize');
    expect(
      completePrizes([
        { name: '★', quantity: 1 },
        { name: '☆', quantity: 1 },
      ]).map((p) => p.id),
    ).toEqual(['prize', 'prize-2']);
  });
});

describe('validatePrizes', () => {
  const good = completePrizes([{ name: 'Bike', quantity: 3 }])[0]!;

  it('names the prize, the field and the limit of every broken rule', () => {
    const problems = validatePrizes([
      { ...good, id: 'bad id!', quantity: 0, batchSize: PRIZE_BATCH_SIZE_MAX + 1, reserves: -1 },
      { ...good, id: 'BIKE', name: '', groups: [] },
      { ...good, id: 'bike', name: 'x'.repeat(PRIZE_NAME_MAX_CHARACTERS + 1), image: 'not-a-hash' },
      { ...good, id: 'q', quantity: 1.5 },
    ]);
    expect(problems.map(({ index, field, code }) => [index, field, code])).toEqual([
      [0, 'id', 'invalid_id'],
      [0, 'quantity', 'invalid_quantity'],
      [0, 'batchSize', 'invalid_batch_size'],
      [0, 'reserves', 'invalid_reserves'],
      [1, 'name', 'missing_name'],
      [1, 'groups', 'invalid_groups'],
      [2, 'id', 'duplicate_id'],
      [2, 'name', 'value_too_long'],
      [2, 'image', 'invalid_image'],
      [3, 'quantity', 'invalid_quantity'],
    ]);
    expect(problems[1]?.message).toBe(
      `Prize 1: quantity must be a whole number from 1 to ${PRIZE_QUANTITY_MAX}`,
    );
    expect(problems[6]?.message).toBe('Prize 3: id bike is already used by prize 2');
  });

  it(`refuses more than ${PRIZES_MAX} prizes`, () => {
    const many = completePrizes(
      Array.from({ length: PRIZES_MAX + 1 }, (_, i) => ({ name: `P${i}`, quantity: 1 })),
    );
    expect(validatePrizes(many)).toMatchObject([{ index: PRIZES_MAX, code: 'too_many_prizes' }]);
  });
});

describe('the prize sheet', () => {
  it('reads the columns by their aliases, fills defaults and ignores the image column', () => {
    const result = validatePrizeSheetRows(
      rows(
        ['Spring party prizes'],
        null,
        [
          'Prize',
          'Qty',
          'Sponsor',
          'Eligible groups',
          'Allow previous winners',
          'Batch size',
          'Reserves',
          'Image',
        ],
        ['Weekend trip', '1', 'Acme', '', 'yes', '', '', 'trip.png'],
        ['Voucher', '50', '', 'Sales; IT , Ops', 'no', '10', '5'],
        null,
        ['Staff mug', '5', '', 'Staff', 'x', '', '0'],
      ),
    );
    expect(result).toMatchObject({ headerFound: true, headerRow: 3, rows: 3, errors: [] });
    expect(result.prizes).toEqual([
      {
        id: 'weekend-trip',
        name: 'Weekend trip',
        quantity: 1,
        sponsor: 'Acme',
        groups: null,
        allowPreviousWinners: true,
        batchSize: 1,
        reserves: 0,
      },
      {
        id: 'voucher',
        name: 'Voucher',
        quantity: 50,
        groups: ['Sales', 'IT', 'Ops'],
        allowPreviousWinners: false,
        batchSize: 10,
        reserves: 5,
      },
      {
        id: 'staff-mug',
        name: 'Staff mug',
        quantity: 5,
        groups: ['Staff'],
        allowPreviousWinners: true,
        batchSize: 1,
        reserves: 0,
      },
    ]);
  });

  it('reports every bad row with the sheet row number and keeps no prize', () => {
    const result = validatePrizeSheetRows(
      rows(
        ['name', 'quantity', 'batch size', 'allow previous winners', 'id'],
        ['Bike', 'two', '', '', ''],
        ['', '1', '', 'maybe', ''],
        ['Car', '1', '0', '', 'car'],
        ['Van', '2', '', '', 'CAR'],
        ['Mug', '3', '', '', ''],
      ),
    );
    expect(result.errors.map(({ row, field, code }) => [row, field, code])).toEqual([
      [2, 'quantity', 'invalid_quantity'],
      [3, 'name', 'missing_name'],
      [3, 'allowPreviousWinners', 'invalid_flag'],
      [4, 'batchSize', 'invalid_batch_size'],
      [5, 'id', 'duplicate_id'],
    ]);
    expect(result.errors[0]?.message).toBe(
      `Row 2: quantity "two" is not a whole number from 1 to ${PRIZE_QUANTITY_MAX}`,
    );
    expect(result.errors[4]?.message).toBe('Row 5: id CAR is already used by row 4');
    expect(result.prizes).toEqual([]);
  });

  it('says which required columns are missing', () => {
    const result = validatePrizeSheetRows(rows(['name', 'sponsor'], ['Bike', 'Acme']));
    expect(result).toMatchObject({ headerFound: false, missingColumns: ['quantity'] });
  });

  it('reads stored numbers of a spreadsheet', () => {
    const result = validatePrizeSheetRows([
      { row: 1, cells: ['name', 'quantity'] },
      { row: 2, cells: ['Bike', '1,000'], numbers: [undefined, 1000] },
    ]);
    expect(result.prizes[0]?.quantity).toBe(1000);
  });
});

describe('cells', () => {
  it.each([
    ['yes', true],
    ['X', true],
    ['1', true],
    ['TRUE', true],
    ['', false],
    ['no', false],
    ['0', false],
    ['maybe', null],
  ])('flag %j is %j', (text, value) => {
    expect(parsePrizeFlag(text)).toBe(value);
  });

  it('splits groups on commas and semicolons', () => {
    expect(parsePrizeGroups(' a, b ;c ;')).toEqual(['a', 'b', 'c']);
    expect(parsePrizeGroups(' ')).toBeNull();
  });
});
