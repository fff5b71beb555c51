// Offline draws: while online, a presenter page holds single-use vouchers the server issued; offline,
// the winner is derived from a voucher's seed and the snapshot checksum (core deriveOfflineIndex).
// On upload the server derives it again and records the draw only by using that unused voucher, so
// a display never chooses a winner. A wheel that refuses offline spins, or is verifiable, takes none.
import { randomBytes, randomUUID } from 'node:crypto';
import {
  deriveOfflineIndex,
  normalizeTicketKey,
  type OfflineDrawUpload,
  type OfflineVoucher,
  type RecordedDraw,
  type Snapshot,
} from '../../core/index.ts';
import { AppError } from '../errors.ts';
import type { WheelEventBus } from '../events.ts';
import type { DrawDecision, Store } from '../storage/store.ts';
import type { SnapshotReader } from './snapshot-reader.ts';

/** Unused vouchers one presenter (and display) holds for the latest version: offline spins in a row. */
export const OFFLINE_VOUCHERS_PER_HOLDER = 3;
const VOUCHER_SEED_BYTES = 32;

export interface OfflineDrawDependencies {
  store: Store;
  snapshots: SnapshotReader;
  events: WheelEventBus;
  clock: () => Date;
  /** Counts the draw by mode (admin-only metrics). */
  metrics: { draws: { inc(labels: { wheel: string; mode: string }): void } };
}

/** The recorded draw, and whether this upload recorded it (false: an earlier one did). */
export interface OfflineDrawOutcome {
  created: boolean;
  draw: RecordedDraw;
}

/** Throws AppError offline_refused when the wheel refuses offline spins or is verifiable. */
async function requireOfflineSpins(store: Store, slug: string): Promise<void> {
  const [appearance, verification] = await Promise.all([
    store.getAppearance(slug),
    store.getVerification(slug),
  ]);
  if (appearance.offlineSpins === 'refuse')
    throw new AppError('offline_refused', 'This wheel refuses offline spins (offlineSpins: refuse)');
  if (verification.verifiable)
    throw new AppError('offline_refused', 'This wheel is in verifiable mode: it takes no offline draws');
}

/**
 * A wheel with prizes takes no offline draws: a display cannot apply the event program's rules
 * (who may still win which prize) without the server. Throws AppError offline_refused.
 */
function requireNoPrizes(snapshot: Snapshot): void {
  if (snapshot.prizes !== undefined && snapshot.prizes.length > 0)
    throw new AppError(
      'offline_refused',
      'This wheel runs an event program (prizes): it takes no offline draws',
    );
}

/** The holder's unused vouchers for the latest version, topped up (the same ones when asked again). */
export async function issueOfflineVouchers(
  deps: Pick<OfflineDrawDependencies, 'store' | 'snapshots'>,
  slug: string,
  holder: string,
  displayId: string | null,
): Promise<OfflineVoucher[]> {
  await requireOfflineSpins(deps.store, slug);
  const latest = await deps.snapshots.readLatest(slug);
  if (latest) requireNoPrizes(latest.snapshot);
  const vouchers = await deps.store.issueOfflineVouchers(slug, {
    holder,
    displayId,
    count: OFFLINE_VOUCHERS_PER_HOLDER,
    newVoucher: () => ({ id: randomUUID(), seed: randomBytes(VOUCHER_SEED_BYTES).toString('hex') }),
  });
  return vouchers.map(({ id, version, checksum, seed }) => ({ id, version, checksum, seed }));
}

export async function recordOfflineDraw(
  deps: OfflineDrawDependencies,
  slug: string,
  upload: OfflineDrawUpload,
  actor: string,
  log: { warn(details: object, message: string): void },
): Promise<OfflineDrawOutcome> {
  const already = await findResent(deps.store, slug, upload.id, actor);
  if (already) return already;
  await requireOfflineSpins(deps.store, slug);
  const voucher = await deps.store.findOfflineVoucher(slug, upload.voucherId);
  // NOTE: another holder's voucher is answered like an unknown one: it tells nothing about it.
  if (!voucher || voucher.holder !== actor || voucher.displayId !== (upload.displayId ?? null))
    throw new AppError(
      'voucher_not_found',
      `No offline voucher ${upload.voucherId} of yours on wheel ${slug}`,
    );
  if (voucher.usedAt !== null)
    throw new AppError('voucher_used', `Offline voucher ${voucher.id} was used already`);
  if (voucher.retiredAt !== null)
    throw new AppError('voucher_retired', `Offline voucher ${voucher.id} was replaced by newer ones`);
  if (voucher.version !== upload.version)
    throw new AppError(
      'invalid_request',
      `At version: voucher ${voucher.id} is for version ${voucher.version}`,
    );
  const verified = await deps.snapshots.readVersion(slug, voucher.version);
  if (!verified || verified.snapshot.checksum !== voucher.checksum)
    throw new AppError('internal_error', `Version ${voucher.version} does not match the voucher's checksum`);
  const snapshot = verified.snapshot;
  requireNoPrizes(snapshot);
  const targetIndex = deriveOfflineIndex(
    voucher.seed,
    voucher.checksum,
    snapshot.entries.map((entry) => entry.weight),
  );
  try {
    const result = await deps.store.recordDraw(slug, {
      expectedVersion: voucher.version,
      createdAt: deps.clock().toISOString(),
      startedBy: actor,
      displayId: upload.displayId ?? null,
      // The draw already happened on the display: a spin turning on the server's side cannot undo it.
      checkSpinInProgress: false,
      offline: { voucherId: voucher.id },
      decide: (_planned, context) => {
        if (context.latest) requireNoPrizes(context.latest);
        return offlineDecision(snapshot, targetIndex, upload, context.latest);
      },
    });
    deps.metrics.draws.inc({ wheel: slug, mode: result.draw.mode });
    log.warn({ wheel: slug, drawId: upload.id, voucherId: voucher.id }, 'offline draw recorded');
    if (result.nextSnapshot)
      deps.events.publish(slug, { type: 'snapshot', data: { version: result.nextSnapshot.version } });
    return { created: true, draw: { id: result.draw.id, seq: result.draw.seq } };
  } catch (error) {
    // Two uploads of one draw at once: the second fails on the id or the voucher; answer as a re-send.
    const raced = await findResent(deps.store, slug, upload.id, actor);
    if (raced) return raced;
    throw error;
  }
}

/**
 * A re-sent upload of a recorded draw: the same `{id, seq}` whatever the draw was. Throws AppError
 * draw_id_taken when the id belongs to someone else's draw.
 */
async function findResent(
  store: Store,
  slug: string,
  id: string,
  actor: string,
): Promise<OfflineDrawOutcome | null> {
  const draw = await store.findDraw(slug, id);
  if (!draw) return null;
  if (draw.startedBy !== actor) throw new AppError('draw_id_taken', `Draw id ${id} is taken: send a new id`);
  return { created: false, draw: { id: draw.id, seq: draw.seq } };
}

/** The winner the voucher derived; with removeWinners, the next version from the latest one. */
function offlineDecision(
  snapshot: Snapshot,
  targetIndex: number,
  upload: OfflineDrawUpload,
  latest: Snapshot | undefined,
): DrawDecision {
  const winner = snapshot.entries[targetIndex]!;
  return {
    draw: {
      id: upload.id,
      ticket: winner.ticket,
      name: winner.name,
      targetIndex,
      mode: 'offline',
      rotations: upload.rotations,
      landingFraction: upload.landingFraction,
      durationMs: upload.durationMs,
    },
    remainingPlan: null,
    auditDetails: { drawnAt: upload.drawnAt, voucherId: upload.voucherId },
    nextEntries: latest ? entriesWithoutWinner(latest, winner.ticket) : null,
  };
}

/** The latest version's entries without the winner's ticket (removeWinners), or null: nothing to publish. */
function entriesWithoutWinner(latest: Snapshot, ticket: string): Snapshot['entries'] | null {
  if (!latest.settings.removeWinners || latest.entries.length <= 1) return null;
  const key = normalizeTicketKey(ticket);
  const remaining = latest.entries.filter((entry) => normalizeTicketKey(entry.ticket) !== key);
  return remaining.length < latest.entries.length ? remaining : null;
}
