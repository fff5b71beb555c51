import { describe, expect, it } from 'vitest';
import { findTicketRow } from './ticket-check.ts';

const rows = [
  { key: 10, entry: { ticket: '0001' } },
  { key: 11, entry: { ticket: 'ABC-7' } },
];

describe('findTicketRow', () => {
  it('finds a ticket already on the draft, compared as the contract says (case, spaces)', () => {
    expect(findTicketRow(rows, ' abc-7 ', null)).toBe(1);
    expect(findTicketRow(rows, '0001', null)).toBe(0);
  });

  it('ignores the row being edited, an empty ticket and a new ticket', () => {
    expect(findTicketRow(rows, '0001', 10)).toBeNull();
    expect(findTicketRow(rows, '  ', null)).toBeNull();
    expect(findTicketRow(rows, '0002', null)).toBeNull();
  });
});
