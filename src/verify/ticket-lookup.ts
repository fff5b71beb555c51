// "Was my ticket in the list?" on the /verify page: looks a ticket up in every verified list the page
// fetched and in the published draws, so a past winner (removed from later versions) is found in
// the version they were drawn from. Pure: the page passes what it fetched.
import { normalizeTicketKey, type Snapshot } from '../core/index.ts';

/** A published draw as the lookup needs it (a verifiable draw, or a prize's). */
export interface LookupDraw {
  seq: number;
  version: number;
  ticket: string;
  voided: boolean;
}

export interface TicketLookup {
  /** The ticket as typed, trimmed. */
  ticket: string;
  /** The versions whose verified list holds the ticket, ascending. */
  versions: number[];
  /** The published draws of this ticket, by seq. */
  draws: LookupDraw[];
}

/** Null for an empty input. */
export function lookUpTicket(
  input: string,
  snapshots: readonly Snapshot[],
  draws: readonly LookupDraw[],
): TicketLookup | null {
  const key = normalizeTicketKey(input);
  if (!key) return null;
  const versions = snapshots
    .filter((snapshot) => snapshot.entries.some((entry) => normalizeTicketKey(entry.ticket) === key))
    .map((snapshot) => snapshot.version)
    .sort((a, b) => a - b);
  const bySeq = new Map<number, LookupDraw>();
  for (const draw of draws) if (normalizeTicketKey(draw.ticket) === key) bySeq.set(draw.seq, draw);
  return {
    ticket: input.trim(),
    versions: [...new Set(versions)],
    draws: [...bySeq.values()].sort((a, b) => a.seq - b.seq),
  };
}

/** The answer in words. */
export function ticketLookupText(lookup: TicketLookup): string {
  const { ticket, versions, draws } = lookup;
  if (versions.length === 0)
    return draws.length === 0
      ? `Ticket ${ticket} is not in any verified list of this wheel.`
      : `Ticket ${ticket} was drawn, but the list it was drawn from could not be verified.`;
  const lists = `version${versions.length === 1 ? '' : 's'} ${versions.join(', ')}`;
  const drawn = draws.map(
    (draw) => `draw #${draw.seq} from version ${draw.version}${draw.voided ? ' (voided)' : ''}`,
  );
  return drawn.length === 0
    ? `Ticket ${ticket} is in the list of ${lists} (checksums verified).`
    : `Ticket ${ticket} was drawn: ${drawn.join('; ')}. It is in the list of ${lists} (checksums verified).`;
}
