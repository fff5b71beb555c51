// How the draw log reads a draw of the event program: its place in a prize's batch, whether the
// presenter may still decline it, and which reserves have taken a place.
import type { DrawLogEntry, Prize } from '../../core/index.ts';

type PlaceFields = Pick<DrawLogEntry, 'role' | 'rank' | 'substitutes' | 'promotedFrom'>;

/** A winner of a prize who may still be declined (rehearsal winners too: the rehearsal tries it). */
export function canDecline(draw: Pick<DrawLogEntry, 'prizeId' | 'role' | 'declined' | 'voided'>): boolean {
  return Boolean(draw.prizeId) && draw.role === 'winner' && !draw.declined && draw.voided !== true;
}

/**
 * `Winner 3 · replaces #12`, `Reserve 1 · took the place of #12 (#15)`: the draw's place, what it
 * replaced, and for a used reserve the place it took (`usedBy`: usedReserves of the log).
 */
export function describePlace(
  draw: PlaceFields & { seq: number },
  usedBy: ReadonlyMap<number, number>,
): string {
  const parts = [
    `${draw.role === 'reserve' ? 'Reserve' : 'Winner'}${draw.rank !== null ? ` ${draw.rank}` : ''}`,
  ];
  if (draw.substitutes !== null) parts.push(`replaces #${draw.substitutes}`);
  if (draw.promotedFrom !== null) parts.push(`reserve #${draw.promotedFrom} promoted`);
  const substitute = usedBy.get(draw.seq);
  if (draw.role === 'reserve' && substitute !== undefined) parts.push(`took a place as #${substitute}`);
  return parts.join(' · ');
}

/** Reserves that took a declined winner's place: the reserve's seq → the seq of the record made for it. */
export function usedReserves(
  draws: ReadonlyArray<Pick<DrawLogEntry, 'seq' | 'promotedFrom'>>,
): Map<number, number> {
  const used = new Map<number, number>();
  for (const draw of draws)
    if (draw.promotedFrom !== null && draw.promotedFrom !== undefined) used.set(draw.promotedFrom, draw.seq);
  return used;
}

/** Prize names by id: later lists win (pass the draft's, then the published ones). */
export function prizeNames(...lists: ReadonlyArray<readonly Prize[]>): Map<string, string> {
  const names = new Map<string, string>();
  for (const prizes of lists) for (const prize of prizes) names.set(prize.id, prize.name);
  return names;
}
