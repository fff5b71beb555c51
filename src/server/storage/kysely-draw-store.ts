// DrawStore over Kysely: a draw is decided by the caller inside the transaction that checks the
// version, reads the plan and the open verification epoch, inserts the draw and audits it, so no
// display can animate an outcome that is not in the log. Landing reports and voids update the row.
import type { DrawMode, Snapshot, SnapshotBody } from '../../core/index.ts';
import { AppError } from '../errors.ts';
import type { DrawContext, DrawDecision, DrawRequest, DrawStore, StoredDraw } from './draw-store.ts';
import { insertSnapshot, readLatestVersion, readSnapshotRow } from './kysely-snapshot-store.ts';
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

export function createKyselyDrawStore(ctx: KyselyPartContext): DrawStore {
  const { db, isoNow, transaction, appendAudit } = ctx;

  return {
    ...createPlanMethods(ctx),

    async recordDraw(slug, request) {
      return transaction(async (trx) => {
        const latest = await requireLatestVersion(
          trx,
          slug,
          request.latestStoredVersion ?? request.expectedVersion,
        );
        const planned = await readPlan(trx, slug);
        const drawn = (await readSnapshotRow(trx, slug, request.expectedVersion)) as SnapshotRow;
        const context = await readDrawContext(trx, slug, drawn);
        const decision = request.decide(planned, context);
        const row = drawRowOf(slug, request, decision, context);
        await trx.insertInto('draws').values(row).execute();
        if (decision.remainingPlan) await writePlan(trx, slug, decision.remainingPlan, isoNow());
        await appendAudit(trx, {
          actor: request.startedBy,
          action: 'spin',
          wheel: slug,
          details: { ...decision.auditDetails, ...spinAuditDetailsOf(row) },
        });
        const nextSnapshot = decision.nextEntries
          ? await publishWithoutWinner(ctx, trx, { drawn, latest }, row, request, decision.nextEntries)
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
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
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
        if (tickets.length > 0 && (await readVerification(trx, slug)).verifiable) {
          throw new AppError('verifiable_mode', 'Wheel is in verifiable mode: pre-drawn plans are disabled');
        }
        await writePlan(trx, slug, tickets, isoNow());
        await appendAudit(trx, audit);
        return tickets;
      });
    },
  };
}

/** Publishes the drawn version without its winner (removeWinners), audited as a publish. */
async function publishWithoutWinner(
  { appendAudit }: KyselyPartContext,
  trx: Executor,
  { drawn, latest }: { drawn: SnapshotRow; latest: number },
  row: DrawsTable,
  request: DrawRequest,
  nextEntries: NonNullable<DrawDecision['nextEntries']>,
): Promise<Snapshot> {
  const current = JSON.parse(drawn.body) as SnapshotBody;
  const nextSnapshot = await insertSnapshot(
    trx,
    {
      wheel: drawn.wheel,
      version: latest + 1, // above any damaged newer row too
      publishedAt: request.createdAt,
      entries: nextEntries,
      settings: current.settings,
    },
    request.startedBy,
  );
  await removeTicketFromDraft(trx, drawn.wheel, row.ticket, request.createdAt);
  await appendAudit(trx, {
    actor: request.startedBy,
    action: 'publish',
    wheel: drawn.wheel,
    details: {
      reason: 'remove_winner',
      drawId: row.id,
      version: nextSnapshot.version,
      checksum: nextSnapshot.checksum,
    },
  });
  return nextSnapshot;
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

async function readDrawContext(executor: Executor, slug: string, drawn: SnapshotRow): Promise<DrawContext> {
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
    verification: open ? { epoch: open.epoch, seed: open.seed } : null,
  };
}

function drawRowOf(
  slug: string,
  request: DrawRequest,
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

function toStoredDraw(row: DrawsTable): StoredDraw {
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
  };
}
