import { describe, expect, it } from 'vitest';
import { normalizeTicket } from './participants.ts';
import { TicketIndex } from './ticket-index.ts';

describe('TicketIndex', () => {
  it('adds a new ticket and answers the first row for a repeated one', () => {
    const index = new TicketIndex();
    expect(index.firstRowOrAdd('a-1', 2)).toBeUndefined();
    expect(index.firstRowOrAdd('a-2', 3)).toBeUndefined();
    expect(index.firstRowOrAdd('a-1', 4)).toBe(2);
    expect(index.firstRowOrAdd('a-1', 9)).toBe(2);
    expect(index.size).toBe(2);
  });

  it('matches a Map over 200,000 tickets (growing past every initial capacity), repeats included', () => {
    const index = new TicketIndex();
    const reference = new Map<string, number>();
    const ticketOf = (id: number): string => `t${id}`.padEnd(1 + (id % 40), 'x');
    let repeats = 0;
    for (let row = 2; row < 200_002; row++) {
      // Every fifth row repeats the ticket of an earlier row, spread over the whole list.
      const ticket = ticketOf(row % 5 === 0 ? 2 + ((row * 7919) % (row - 2)) : row);
      if (reference.has(ticket)) repeats++;
      const expected = reference.get(ticket);
      if (expected === undefined) reference.set(ticket, row);
      expect(index.firstRowOrAdd(ticket, row)).toBe(expected);
    }
    expect(index.size).toBe(reference.size);
    expect(repeats).toBeGreaterThan(30_000);
  });

  it('tells apart tickets that differ in one byte, in length only, or outside ASCII', () => {
    const index = new TicketIndex();
    const tickets = ['ab', 'ac', 'abc', 'a', 'é', 'e\u0301', '票-1', '票-2', '🎟️', 'שלום', 'x'.repeat(5_000)];
    tickets.forEach((ticket, at) => expect(index.firstRowOrAdd(ticket, at + 1)).toBeUndefined());
    tickets.forEach((ticket, at) => expect(index.firstRowOrAdd(ticket, 100)).toBe(at + 1));
  });

  it('finds tickets whose hashes collide in the table (same slot, different bytes)', () => {
    // 4,096 tickets in a table that starts with 2,048 slots: many share a slot before and after growing.
    const index = new TicketIndex();
    for (let row = 1; row <= 4_096; row++) expect(index.firstRowOrAdd(`#${row}`, row)).toBeUndefined();
    for (let row = 1; row <= 4_096; row++) expect(index.firstRowOrAdd(`#${row}`, 0)).toBe(row);
  });

  it('works on normalized tickets: case, width and spacing variants are one ticket', () => {
    const index = new TicketIndex();
    expect(index.firstRowOrAdd(normalizeTicket('Ａｂｃ-1'), 2)).toBeUndefined();
    expect(index.firstRowOrAdd(normalizeTicket('  abc-1 '), 3)).toBe(2);
    expect(index.firstRowOrAdd(normalizeTicket('ABC-1'), 4)).toBe(2);
  });
});
