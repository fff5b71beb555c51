import { describe, expect, it } from 'vitest';
import type { RowError } from '../../core/index.ts';
import { groupErrors } from './group-errors.ts';

const errors: RowError[] = [
  {
    row: 9,
    column: 'ticket',
    code: 'duplicate_ticket',
    firstRow: 3,
    message: 'Row 9: ticket A-1 already appears in row 3',
  },
  {
    row: 7,
    column: 'name',
    code: 'missing_name',
    message: 'Row 7: name is empty',
    values: { ticket: 'Z-7', name: '', weight: '1', value: '' },
  },
  {
    row: 8,
    column: 'ticket',
    code: 'duplicate_ticket',
    firstRow: 2,
    message: 'Row 8: ticket B already appears in row 2',
  },
];

describe('groupErrors', () => {
  it('groups by code, largest group first, rows in order', () => {
    const groups = groupErrors(errors);
    expect(groups.map((group) => group.code)).toEqual(['duplicate_ticket', 'missing_name']);
    expect(groups[0]?.errors.map((error) => error.row)).toEqual([8, 9]);
  });

  it('filters by row number, including the first occurrence of a duplicate', () => {
    expect(groupErrors(errors, '7').flatMap((group) => group.errors.map((error) => error.row))).toEqual([7]);
    expect(groupErrors(errors, '3').flatMap((group) => group.errors.map((error) => error.row))).toEqual([9]);
  });

  it('filters by message text and kind', () => {
    expect(groupErrors(errors, 'A-1')[0]?.errors.map((error) => error.row)).toEqual([9]);
    expect(groupErrors(errors, 'missing name').map((group) => group.code)).toEqual(['missing_name']);
  });

  it("filters by the row's ticket, which the message may not name", () => {
    expect(groupErrors(errors, 'z-7').flatMap((group) => group.errors.map((error) => error.row))).toEqual([
      7,
    ]);
  });
});
