// The event's public results, once for the results page, the entrant check (server) and /verify:
// each prize's places in running order, a declined winner's place held by whoever took it (its
// substitute, or the substitute's substitute), and the reserves still waiting. Rehearsal and voided
// draws count for nothing; a declined winner holds nothing.
import { normalizeTicketKey } from './diff.ts';
import type { Prize } from './types.ts';
import type { EntrantWin, PublicProgramDraw } from './wire.ts';

/** One place of a prize: who holds it now, and the declined winners it passed through. */
export interface ResultPlace {
  /** 1-based, in the order the places were first drawn (batch by batch, rank by rank). */
  place: number;
  /** The draw holding the place; null when its last winner declined and nobody took it. */
  holder: PublicProgramDraw | null;
  /** The winners of this place who declined, first one first. */
  declined: PublicProgramDraw[];
}

export interface PrizeResult {
  prizeId: string;
  /** The prize as in the latest snapshot; null for a prize since removed from it. */
  prize: Prize | null;
  places: ResultPlace[];
  /** Reserves that have not taken a place, in the order drawn. */
  reserves: PublicProgramDraw[];
}

/** Draws that count for results: not rehearsal, not voided, made for a prize. */
export function countedPrizeDraws(draws: readonly PublicProgramDraw[]): PublicProgramDraw[] {
  return draws
    .filter((draw) => !draw.rehearsal && !draw.voided && draw.prizeId !== null)
    .sort((a, b) => a.seq - b.seq);
}

/**
 * Every prize with a counted draw, in the latest snapshot's running order (prizes since removed
 * after, by their first draw). Prizes nobody has been drawn for are left out.
 */
export function prizeResults(
  prizes: readonly Prize[] | undefined,
  draws: readonly PublicProgramDraw[],
): PrizeResult[] {
  const counted = countedPrizeDraws(draws);
  const substituteOf = new Map<number, PublicProgramDraw>();
  const promoted = new Set<number>();
  for (const draw of counted) {
    if (draw.substitutes !== null && !substituteOf.has(draw.substitutes))
      substituteOf.set(draw.substitutes, draw);
    if (draw.promotedFrom !== null) promoted.add(draw.promotedFrom);
  }
  const known = new Map((prizes ?? []).map((prize) => [prize.id, prize]));
  const order = [...known.keys(), ...counted.map((draw) => draw.prizeId as string)];
  const results: PrizeResult[] = [];
  for (const prizeId of new Set(order)) {
    const own = counted.filter((draw) => draw.prizeId === prizeId);
    if (own.length === 0) continue;
    const places = own
      .filter((draw) => draw.role !== 'reserve' && draw.substitutes === null)
      .map((first, index): ResultPlace => {
        const declined: PublicProgramDraw[] = [];
        let holder: PublicProgramDraw | null = first;
        while (holder?.declined) {
          declined.push(holder);
          holder = substituteOf.get(holder.seq) ?? null;
        }
        return { place: index + 1, holder, declined };
      });
    const reserves = own.filter((draw) => draw.role === 'reserve' && !promoted.has(draw.seq));
    results.push({ prizeId, prize: known.get(prizeId) ?? null, places, reserves });
  }
  return results;
}

/** The places and waiting reserves `ticket` holds (by normalized ticket), from prizeResults. */
export function entrantWins(results: readonly PrizeResult[], ticket: string): EntrantWin[] {
  const key = normalizeTicketKey(ticket);
  const wins: EntrantWin[] = [];
  for (const result of results) {
    for (const place of result.places)
      if (place.holder && normalizeTicketKey(place.holder.ticket) === key)
        wins.push({ prizeId: result.prizeId, rank: place.place, role: 'winner' });
    for (const reserve of result.reserves)
      if (normalizeTicketKey(reserve.ticket) === key)
        wins.push({ prizeId: result.prizeId, rank: reserve.rank ?? 0, role: 'reserve' });
  }
  return wins;
}
