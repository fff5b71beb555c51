// The entrant self-check behind the public results page (issue #19): was this ticket in the
// published list, and did it win? It answers about that one ticket only, and — when its entry has
// a person — only to whoever types the same person value (an email, a phone): a snapshot carries
// the person as HMAC(wheels.person_key, value), which only the server can compute. A ticket not in
// the list and a wrong person give the same answer, so the check tells nobody which tickets exist.
import {
  countedPrizeDraws,
  entrantWins,
  normalizeTicketKey,
  prizeResults,
  type EntrantCheckAnswer,
  type Snapshot,
} from '../../core/index.ts';
import { AppError } from '../errors.ts';
import type { Store } from '../storage/store.ts';
import { personPseudonym } from './person-pseudonyms.ts';
import { toPublicProgramDraw } from './prize-draws.ts';
import { createSlidingWindowCounter } from './sliding-window.ts';
import type { SnapshotReader } from './snapshot-reader.ts';

/** Checks one address may make within ENTRANT_CHECK_WINDOW_MS: enough for a family at one phone. */
export const ENTRANT_CHECKS_PER_WINDOW_MAX = 10;
/** The most ENTRANT_CHECKS_PER_MINUTE may allow: past it, the limit no longer slows a ticket walk. */
export const ENTRANT_CHECKS_PER_MINUTE_LIMIT = 1_000;
export const ENTRANT_CHECK_WINDOW_MS = 60 * 1000;
const TRACKED_ADDRESSES_MAX = 10_000;

export const NOT_IN_LIST: EntrantCheckAnswer = Object.freeze({ inList: false, versions: [], won: [] });

export interface EntrantCheckDependencies {
  store: Pick<Store, 'getWheel' | 'readProgram' | 'readPersonKey'>;
  snapshots: Pick<SnapshotReader, 'readLatest' | 'readVersion'>;
}

/** Whether `entry` of a snapshot is the caller's: its ticket, and its person when it has one. */
function holds(
  snapshot: Snapshot,
  ticketKey: string,
  personOf: (raw: string) => string | null,
  person: string | undefined,
): boolean {
  const entry = snapshot.entries.find((candidate) => normalizeTicketKey(candidate.ticket) === ticketKey);
  if (!entry) return false;
  if (entry.person === undefined) return true;
  return person !== undefined && personOf(person) === entry.person;
}

/**
 * The answer for `ticket` (and `person`) on wheel `slug`. Checked versions: the latest intact one
 * and every version a counted prize draw was made on. AppError wheel_not_found / not_published.
 */
export async function checkEntrant(
  deps: EntrantCheckDependencies,
  slug: string,
  ticket: string,
  person: string | undefined,
): Promise<EntrantCheckAnswer> {
  const latest = await deps.snapshots.readLatest(slug);
  if (!latest) {
    // Only a miss asks which one it is: the check is public and answered often.
    if (!(await deps.store.getWheel(slug))) throw new AppError('wheel_not_found', `No wheel named ${slug}`);
    throw new AppError('not_published', `Nothing is published on wheel ${slug}`);
  }
  const ticketKey = normalizeTicketKey(ticket);
  const [program, personKey] = await Promise.all([
    deps.store.readProgram(slug),
    deps.store.readPersonKey(slug),
  ]);
  const personOf = (raw: string) => (personKey === null ? null : personPseudonym(personKey, raw));
  const draws = program.draws.map(toPublicProgramDraw);
  const versions = new Set([
    latest.snapshot.version,
    ...countedPrizeDraws(draws).map((draw) => draw.version),
  ]);
  const holding: number[] = [];
  for (const version of [...versions].sort((a, b) => a - b)) {
    const snapshot =
      version === latest.snapshot.version
        ? latest.snapshot
        : (await deps.snapshots.readVersion(slug, version))?.snapshot;
    if (snapshot && holds(snapshot, ticketKey, personOf, person)) holding.push(version);
  }
  if (holding.length === 0) return NOT_IN_LIST;
  const holdingVersions = new Set(holding);
  const results = prizeResults(latest.snapshot.prizes, draws);
  // A win counts for the caller only when its draw was made on a version whose entry is theirs.
  const won = entrantWins(results, ticket).filter((win) =>
    draws.some(
      (draw) =>
        draw.prizeId === win.prizeId &&
        normalizeTicketKey(draw.ticket) === ticketKey &&
        holdingVersions.has(draw.version),
    ),
  );
  return { inList: true, versions: holding, won };
}

/** The per-address limit on entrant checks: throws AppError rate_limited (with retryAfterMs) beyond it. */
export function createEntrantCheckLimit(
  clock: () => Date,
  checksPerWindow = ENTRANT_CHECKS_PER_WINDOW_MAX,
): { take(address: string): void } {
  const checks = createSlidingWindowCounter({
    clock,
    windowMs: ENTRANT_CHECK_WINDOW_MS,
    max: checksPerWindow,
    keysMax: TRACKED_ADDRESSES_MAX,
  });
  return {
    take(address) {
      const retryAfterMs = checks.retryAfterMs(address);
      if (retryAfterMs > 0) {
        throw new AppError(
          'rate_limited',
          `At most ${checksPerWindow} entrant checks per minute from one address; try again in ${Math.ceil(retryAfterMs / 1000)} s`,
          { retryAfterMs },
        );
      }
      checks.record(address);
    },
  };
}
