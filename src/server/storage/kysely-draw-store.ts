// DrawStore over Kysely: a draw is decided by the caller inside the transaction that checks the
// version, reads the plan and the open verification epoch, inserts the draw and audits it, so no
// display can animate an outcome that is not in the log. Landing reports and voids update the row.
import type { DrawMode, Snapshot, SnapshotBody } from '../../core/index.ts';
import { AppError } from '../errors.ts';
import { normalizeTicketKey, spinRetryAfterMs } from '../../core/index.ts';
import type { DrawContext, DrawDecision, DrawRequest, DrawStore, StoredDraw } from './draw-store.ts';
import { useOfflineVoucher } from './kysely-offline-voucher-store.ts';
import {
  insertSnapshot,
  readLatestVersion,
  readPrivateNames,
  readSnapshotRow,
} from './kysely-snapshot-store.ts';
import {
  readPlan,
  requireWheel,
  writePlan,
  type Executor,
  type KyselyPartContext,
  wheelAudit,
} from './kysely-shared.ts';
import { openEpochOf, readVerification } from './kysely-verification-store.ts';
import type { DrawsTable } from './schema.ts';
import type { SnapshotRow } from './snapshot-store.ts';
import { removeTicketFromDraft } from './kysely-wheel-store.ts';
import { createProgramMethods, isSpinRow } from './kysely-program-store.ts';

export function createKyselyDrawStore(ctx: KyselyPartContext): DrawStore {
  const { db, isoNow, transaction, appendAudit } = ctx;

  return {
    ...createPlanMethods(ctx),
    ...createProgramMethods(ctx),

    async recordDraw(slug, request) {
      return transaction(async (trx) => {
        const { drawn, base, nextVersion } = await readDrawnVersion(trx, slug, request);
        if (request.checkSpinInProgress !== false) await refuseWhileTurning(trx, slug, request.createdAt);
        const planned = await readPlan(trx, slug);
        const context = await readDrawContext(trx, slug, drawn);
        if (request.offline) requireOfflineAllowed(context);
        const decision = request.decide(
          planned,
          request.offline ? { ...context, latest: toSnapshot(base) } : context,
        );
        const row = drawRowOf(slug, request, decision, context);
        await trx.insertInto('draws').values(row).execute();
        if (request.offline)
          await useOfflineVoucher(trx, slug, request.offline.voucherId, { drawId: row.id, usedAt: isoNow() });
        if (decision.remainingPlan) await writePlan(trx, slug, decision.remainingPlan, isoNow());
        await appendAudit(trx, {
          actor: request.startedBy,
          action: 'spin',
          wheel: slug,
          details: { ...decision.auditDetails, ...spinAuditDetailsOf(row) },
        });
        const nextSnapshot = decision.nextEntries
          ? await publishWithoutWinner(ctx, trx, { base, nextVersion }, row, request, decision.nextEntries)
          : null;
        return { draw: toStoredDraw(row), nextSnapshot };
      });
    },

    async recordLanded(slug, drawId, report, audit) {
      return transaction(async (trx) => {
        const row = await readDraw(trx, slug, drawId);
        if (!row) return null;
        const planned = { targetIndex: Number(row.target_index), plannedDurationMs: Number(row.duration_ms) };
        if (row.landed_index !== null) return { ticket: row.ticket, firstReport: false, ...planned };
        await trx
          .updateTable('draws')
          .set({
            landed_index: report.landedIndex,
            landed_duration_ms: report.durationMs,
            landed_at: isoNow(),
          })
          .where('id', '=', drawId)
          .execute();
        await appendAudit(
          trx,
          wheelAudit(audit, 'landed', slug, {
            drawId,
            landedIndex: report.landedIndex,
            durationMs: report.durationMs,
            matchesTarget: Number(row.target_index) === report.landedIndex,
          }),
        );
        return { ticket: row.ticket, firstReport: true, ...planned };
      });
    },

    async listDraws(slug) {
      const rows = await db
        .selectFrom('draws')
        .selectAll()
        .where('wheel', '=', slug)
        .orderBy('seq')
        .execute();
      return rows.map(toStoredDraw);
    },

    async latestDraw(slug) {
      const row = await db
        .selectFrom('draws')
        .selectAll()
        .where('wheel', '=', slug)
        .where(isSpinRow)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? toStoredDraw(row) : null;
    },

    async findDraw(slug, drawId) {
      const row = await readDraw(db, slug, drawId);
      return row ? toStoredDraw(row) : null;
    },

    async voidDraw(slug, drawId, request, audit) {
      return transaction(async (trx) => {
        const row = await readDraw(trx, slug, drawId);
        if (!row) return null;
        if (row.voided_at !== null)
          throw new AppError('already_voided', `Draw ${row.seq} was voided at ${row.voided_at}`);
        const voided = {
          voided_at: request.voidedAt,
          void_reason: request.reason,
          voided_by: audit.actor,
        };
        await trx.updateTable('draws').set(voided).where('id', '=', drawId).execute();
        await appendAudit(
          trx,
          wheelAudit(audit, 'void', slug, {
            drawId,
            seq: Number(row.seq),
            ticket: row.ticket,
            reason: request.reason,
          }),
        );
        return toStoredDraw({ ...row, ...voided });
      });
    },
  };
}

/** The pre-drawn plan: tickets the next draws take as winners, in order (never in verifiable mode). */
function createPlanMethods({
  db,
  isoNow,
  transaction,
  appendAudit,
}: KyselyPartContext): Pick<DrawStore, 'getPlan' | 'setPlan'> {
  return {
    async getPlan(slug) {
      await requireWheel(db, slug);
      return readPlan(db, slug);
    },

    async setPlan(slug, tickets, audit) {
      return transaction(async (trx) => {
        await requireWheel(trx, slug);
        if (tickets.length > 0) await refusePlanWhenVerifiable(trx, slug);
        await writePlan(trx, slug, tickets, isoNow());
        await appendAudit(trx, audit);
        return tickets;
      });
    },
  };
}

/** Throws AppError verifiable_mode: a verifiable wheel's winners come from its seed, never a plan. */
export async function refusePlanWhenVerifiable(executor: Executor, slug: string): Promise<void> {
  if ((await readVerification(executor, slug)).verifiable)
    throw new AppError('verifiable_mode', 'Wheel is in verifiable mode: pre-drawn plans are disabled');
}

/**
 * Publishes the next version without the winner (removeWinners), audited as a publish. `drawn` is
 * the latest version: the drawn one, or a newer one when an offline draw is recorded late.
 */
async function publishWithoutWinner(
  { appendAudit }: KyselyPartContext,
  trx: Executor,
  { base, nextVersion }: { base: SnapshotRow; nextVersion: number },
  row: DrawsTable,
  request: DrawRequest,
  nextEntries: NonNullable<DrawDecision['nextEntries']>,
): Promise<Snapshot> {
  const current = JSON.parse(base.body) as SnapshotBody;
  // A version with public names: the next one keeps the full names of the entries it keeps.
  const privateNames = await readPrivateNames(trx, base.wheel, base.version);
  let fullNames: string[] | null = null;
  if (privateNames) {
    const fullNameByTicket = new Map(
      current.entries.map((entry, index) => [normalizeTicketKey(entry.ticket), privateNames.names[index]!]),
    );
    fullNames = nextEntries.map(
      (entry) => fullNameByTicket.get(normalizeTicketKey(entry.ticket)) ?? entry.name,
    );
  }
  const { privateChecksum, ...nextSnapshot } = await insertSnapshot(
    trx,
    {
      wheel: base.wheel,
      version: nextVersion,
      publishedAt: request.createdAt,
      entries: nextEntries,
      settings: current.settings,
      ...(current.prizes === undefined ? {} : { prizes: current.prizes }),
    },
    request.startedBy,
    fullNames,
  );
  await removeTicketFromDraft(trx, base.wheel, row.ticket, request.createdAt);
  await appendAudit(trx, {
    actor: request.startedBy,
    action: 'publish',
    wheel: base.wheel,
    details: {
      reason: 'remove_winner',
      drawId: row.id,
      version: nextSnapshot.version,
      checksum: nextSnapshot.checksum,
      ...(privateChecksum === undefined ? {} : { privateChecksum }),
    },
  });
  return nextSnapshot;
}

/**
 * The drawn version's row; the row a removeWinners version is made from (the drawn one, or for an
 * offline draw recorded on an older version the newest); and the number that version gets (above
 * every stored row, damaged ones too). Throws AppError outdated_version (online: the drawn version
 * must be the newest intact one, `latestStoredVersion` naming the newest row when newer rows are
 * damaged) or not_found (offline, no such version).
 */
export async function readDrawnVersion(
  executor: Executor,
  slug: string,
  request: Pick<DrawRequest, 'expectedVersion' | 'latestStoredVersion' | 'offline'>,
): Promise<{ drawn: SnapshotRow; base: SnapshotRow; nextVersion: number }> {
  if (!request.offline) {
    const newest = await requireLatestVersion(
      executor,
      slug,
      request.latestStoredVersion ?? request.expectedVersion,
    );
    const drawn = (await readSnapshotRow(executor, slug, request.expectedVersion)) as SnapshotRow;
    return { drawn, base: drawn, nextVersion: newest + 1 };
  }
  await requireWheel(executor, slug);
  const drawn = await readSnapshotRow(executor, slug, request.expectedVersion);
  if (!drawn) throw new AppError('not_found', `No version ${request.expectedVersion} on wheel ${slug}`);
  const newest = (await readLatestVersion(executor, slug)) as number;
  const base =
    newest === drawn.version ? drawn : ((await readSnapshotRow(executor, slug, newest)) as SnapshotRow);
  return { drawn, base, nextVersion: newest + 1 };
}

/** A verifiable wheel's winners come from its committed seed only: no offline draw. */
function requireOfflineAllowed(context: DrawContext): void {
  if (context.verification)
    throw new AppError('offline_refused', 'This wheel is in verifiable mode: it takes no offline draws');
}

function toSnapshot(row: SnapshotRow): Snapshot {
  return { ...(JSON.parse(row.body) as SnapshotBody), checksum: row.checksum };
}

/** The latest version, when it is the one the spin was asked for; throws AppError otherwise. */
async function requireLatestVersion(executor: Executor, slug: string, expected: number): Promise<number> {
  await requireWheel(executor, slug);
  const latest = await readLatestVersion(executor, slug);
  if (latest === null) throw new AppError('not_published', `Nothing is published on wheel ${slug}`);
  if (latest !== expected) {
    throw new AppError('outdated_version', `Version ${latest} is the latest; update and try again`, {
      latestVersion: latest,
    });
  }
  return latest;
}

/**
 * The draws the server made and displays animate after it answered. NOTE: a display's own draw
 * (offline, fallback) was animated before its upload, so it never holds the wheel.
 */
const SERVER_SPIN_MODES: DrawMode[] = ['random', 'predrawn'];

/**
 * Throws spin_in_progress while the wheel's latest server spin still turns: not landed, not voided, and
 * its planned end plus SPIN_LANDING_MARGIN_MS is after `at`. NOTE: read inside the draw's write
 * transaction, so concurrent spins (also from other instances on PostgreSQL) see each other.
 */
export async function refuseWhileTurning(executor: Executor, slug: string, at: string): Promise<void> {
  const latest = await executor
    .selectFrom('draws')
    .select(['created_at', 'duration_ms', 'landed_at', 'voided_at'])
    .where('wheel', '=', slug)
    .where('mode', 'in', SERVER_SPIN_MODES)
    .where(isSpinRow)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest || latest.landed_at !== null || latest.voided_at !== null) return;
  const retryAfterMs = spinRetryAfterMs(latest.created_at, Number(latest.duration_ms), at);
  if (retryAfterMs > 0) {
    throw new AppError(
      'spin_in_progress',
      `The wheel is still turning; spin again in ${Math.ceil(retryAfterMs / 1000)} s`,
      { retryAfterMs },
    );
  }
}

export async function readDrawContext(
  executor: Executor,
  slug: string,
  drawn: SnapshotRow,
): Promise<DrawContext> {
  const last = await executor
    .selectFrom('draws')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('wheel', '=', slug)
    .executeTakeFirst();
  const verification = await readVerification(executor, slug);
  const open = verification.verifiable ? openEpochOf(verification) : null;
  return {
    seq: Number(last?.seq ?? 0) + 1,
    checksum: drawn.checksum,
    verification: open
      ? { epoch: open.epoch, seed: open.seed, commitment: open.commitment, witness: open.witness }
      : null,
  };
}

export function drawRowOf(
  slug: string,
  request: Pick<DrawRequest, 'expectedVersion' | 'createdAt' | 'startedBy' | 'displayId'>,
  decision: DrawDecision,
  context: DrawContext,
): DrawsTable {
  return {
    id: decision.draw.id,
    wheel: slug,
    seq: context.seq,
    version: request.expectedVersion,
    ticket: decision.draw.ticket,
    name: decision.draw.name,
    target_index: decision.draw.targetIndex,
    mode: decision.draw.mode,
    rotations: decision.draw.rotations,
    landing_fraction: decision.draw.landingFraction,
    duration_ms: decision.draw.durationMs,
    created_at: request.createdAt,
    landed_index: null,
    landed_duration_ms: null,
    started_by: request.startedBy,
    checksum: context.checksum,
    display_id: request.displayId ?? null,
    landed_at: null,
    voided_at: null,
    void_reason: null,
    voided_by: null,
    epoch: context.verification?.epoch ?? null,
    prize_id: null,
    batch_id: null,
    role: null,
    rank: null,
    substitutes: null,
    promoted_from: null,
    declined_at: null,
    decline_reason: null,
    declined_by: null,
    person: null,
    rehearsal: 0,
  };
}

/** What the spin's audit event records of the draw itself (after the caller's own details). */
function spinAuditDetailsOf(row: DrawsTable): Record<string, unknown> {
  return {
    drawId: row.id,
    seq: row.seq,
    version: row.version,
    ticket: row.ticket,
    targetIndex: row.target_index,
    mode: row.mode,
    checksum: row.checksum,
    displayId: row.display_id,
    ...(row.epoch === null ? {} : { epoch: row.epoch }),
  };
}

async function readDraw(executor: Executor, slug: string, drawId: string): Promise<DrawsTable | undefined> {
  return executor
    .selectFrom('draws')
    .selectAll()
    .where('wheel', '=', slug)
    .where('id', '=', drawId)
    .executeTakeFirst();
}

export function toStoredDraw(row: DrawsTable): StoredDraw {
  return {
    id: row.id,
    seq: Number(row.seq),
    version: Number(row.version),
    ticket: row.ticket,
    name: row.name,
    targetIndex: Number(row.target_index),
    mode: row.mode as DrawMode,
    createdAt: row.created_at,
    landedIndex: row.landed_index === null ? null : Number(row.landed_index),
    durationMs: row.landed_duration_ms === null ? null : Number(row.landed_duration_ms),
    rotations: Number(row.rotations),
    landingFraction: Number(row.landing_fraction),
    plannedDurationMs: Number(row.duration_ms),
    startedBy: row.started_by,
    checksum: row.checksum,
    displayId: row.display_id,
    landedAt: row.landed_at,
    voided: row.voided_at !== null,
    voidedAt: row.voided_at,
    voidReason: row.void_reason,
    voidedBy: row.voided_by,
    epoch: row.epoch === null ? null : Number(row.epoch),
    prizeId: row.prize_id,
    batchId: row.batch_id,
    role: row.role as StoredDraw['role'],
    rank: row.rank === null ? null : Number(row.rank),
    substitutes: row.substitutes === null ? null : Number(row.substitutes),
    promotedFrom: row.promoted_from === null ? null : Number(row.promoted_from),
    declined: row.declined_at === null ? null : { reason: row.decline_reason ?? '', at: row.declined_at },
    declinedBy: row.declined_by,
    person: row.person,
    rehearsal: Number(row.rehearsal) === 1,
  };
}
