import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../core/index.ts';
import { lookUpTicket, ticketLookupText } from './ticket-lookup.ts';

/** Only what the lookup reads: the version and the entries' tickets. */
function list(version: number, tickets: string[]): Snapshot {
  return {
    version,
    entries: tickets.map((ticket) => ({ ticket, name: `Name ${ticket}` })),
  } as unknown as Snapshot;
}

// Version 2 is version 1 without the winner of draw 1 (removeWinners).
const LISTS = [list(1, ['A-1', 'B-2', 'C-3']), list(2, ['B-2', 'C-3'])];
const DRAWS = [{ seq: 1, version: 1, ticket: 'A-1', voided: false }];

describe('lookUpTicket', () => {
  it("finds a past winner's ticket in the version it was drawn from, however it is typed", () => {
    const found = lookUpTicket('  a-1 ', LISTS, DRAWS)!;
    expect(found).toEqual({ ticket: 'a-1', versions: [1], draws: DRAWS });
    expect(ticketLookupText(found)).toBe(
      'Ticket a-1 was drawn: draw #1 from version 1. It is in the list of version 1 (checksums verified).',
    );
  });

  it('lists every version that holds a ticket never drawn', () => {
    const found = lookUpTicket('C-3', LISTS, DRAWS)!;
    expect(found.versions).toEqual([1, 2]);
    expect(ticketLookupText(found)).toBe('Ticket C-3 is in the list of versions 1, 2 (checksums verified).');
  });

  it('says so for a ticket in no list, and ignores an empty input', () => {
    expect(ticketLookupText(lookUpTicket('Z-9', LISTS, DRAWS)!)).toBe(
      'Ticket Z-9 is not in any verified list of this wheel.',
    );
    expect(lookUpTicket('   ', LISTS, DRAWS)).toBeNull();
  });

  it('marks a voided draw, and names a draw whose list could not be verified', () => {
    const voided = [{ seq: 4, version: 1, ticket: 'B-2', voided: true }];
    expect(ticketLookupText(lookUpTicket('B-2', LISTS, voided)!)).toBe(
      'Ticket B-2 was drawn: draw #4 from version 1 (voided). It is in the list of versions 1, 2 (checksums verified).',
    );
    expect(ticketLookupText(lookUpTicket('A-1', [LISTS[1]!], DRAWS)!)).toBe(
      'Ticket A-1 was drawn, but the list it was drawn from could not be verified.',
    );
  });
});
