// The event program's part of the draws store (issue #18): a prize's batch recorded in one
// transaction (one row per place, one audit event), declines with their substitute, the stage the
// big screens show, rehearsal, and the per-prize pre-drawn plan. The rules themselves (who may win,
// who takes a declined place) are core's (event-program.ts); the callers decide with them inside
// these transactions, over the program draws read here.
import type { ExpressionBuilder } from 'kysely';
import {
  personKeyOf,
  STAGE_SCENES,
  type DrawRole,
  type ProgramDraw,
  type StageScene,
  type StageState,
} from '../../core/index.ts';
import { AppError } from '../errors.ts';
import type {
  BatchDecision,
  BatchRequest,
  DrawContext,
  DrawStore,
  ProgramContext,
  ProgramStatus,
} from './draw-store.ts';
import {
  drawRowOf,
  readDrawContext,
  readDrawnVersion,
  refusePlanWhenVerifiable,
  refuseWhileTurning,
  toStoredDraw,
} from './kysely-draw-store.ts';
import { readSnapshotRow } from './kysely-snapshot-store.ts';
import { requireWheel, wheelAudit, type Executor, type KyselyPartContext } from './kysely-shared.ts';
import type { Database, DrawsTable } from './schema.ts';
import type { SnapshotRow } from './snapshot-store.ts';

/** Rows inserted per statement (well under SQLite's and PostgreSQL's bound-parameter limits). */
const INSERT_CHUNK_ROWS = 400;

/**
 * The rows displays animate: an ordinary draw, or a batch's first winner (the plan's id). A batch's
 * other places and a decline's substitute never spin, so they neither hold the spin lock nor are
 * what a screen joining late replays.
 */
export function isSpinRow(eb: ExpressionBuilder<Database, 'draws'>) {
  return eb.or([
    eb('batch_id', 'is', null),
    eb.and([eb('role', '=', 'winner'), eb('rank', '=', 1), eb('substitutes', 'is', null)]),
  ]);
}

export function toProgramDraw(row: DrawsTable): ProgramDraw {
  return {
    seq: Number(row.seq),
    prizeId: row.prize_id,
    batchId: row.batch_id,
    ticket: row.ticket,
    person: row.person ?? personKeyOf({ ticket: row.ticket }),
    role: row.role as DrawRole | null,
    rank: row.rank === null ? null : Number(row.rank),
    substitutes: row.substitutes === null ? null : Number(row.substitutes),
    promotedFrom: row.promoted_from === null ? null : Number(row.promoted_from),
    declined: row.declined_at !== null,
    voided: row.voided_at !== null,
    rehearsal: Number(row.rehearsal) === 1,
  };
}

async function readProgramRows(executor: Executor, slug: string): Promise<DrawsTable[]> {
  return executor
    .selectFrom('draws')
    .selectAll()
    .where('wheel', '=', slug)
    .where('prize_id', 'is not', null)
    .orderBy('seq')
    .execute();
}

async function readPrizeTickets(executor: Executor, slug: string): Promise<Record<string, string[]>> {
  const row = await executor
    .selectFrom('plans')
    .select('prize_tickets')
    .where('wheel', '=', slug)
    .executeTakeFirst();
  return row ? (JSON.parse(row.prize_tickets) as Record<string, string[]>) : {};
}

async function writePrizeTickets(
  executor: Executor,
  slug: string,
  prizeTickets: Record<string, string[]>,
  updatedAt: string,
): Promise<void> {
  const json = JSON.stringify(prizeTickets);
  await executor
    .insertInto('plans')
    .values({ wheel: slug, tickets: '[]', prize_tickets: json, updated_at: updatedAt })
    .onConflict((oc) => oc.column('wheel').doUpdateSet({ prize_tickets: json, updated_at: updatedAt }))
    .execute();
}

/** The wheel's rehearsal switch and stage; AppError wheel_not_found. */
async function readWheelProgram(
  executor: Executor,
  slug: string,
): Promise<{ rehearsal: boolean; stage: StageState }> {
  const row = await executor
    .selectFrom('wheels')
    .select(['rehearsal', 'stage_prize', 'stage_scene', 'stage_blank'])
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (!row) throw new AppError('wheel_not_found', `No wheel named ${slug}`);
  const scene = (STAGE_SCENES as readonly string[]).includes(row.stage_scene)
    ? (row.stage_scene as StageScene)
    : 'wheel';
  return {
    rehearsal: Number(row.rehearsal) === 1,
    stage: { prizeId: row.stage_prize, scene, blank: Number(row.stage_blank) === 1 },
  };
}

async function writeStage(executor: Executor, slug: string, stage: StageState): Promise<void> {
  await executor
    .updateTable('wheels')
    .set({ stage_prize: stage.prizeId, stage_scene: stage.scene, stage_blank: stage.blank ? 1 : 0 })
    .where('slug', '=', slug)
    .execute();
}

/** `${maxSeq}.${declines}.${voids}.${stage}.${rehearsal}` over the wheel's prize draws. */
function revisionOf(
  draws: ReadonlyArray<Pick<DrawsTable, 'seq' | 'declined_at' | 'voided_at'>>,
  wheel: { rehearsal: boolean; stage: StageState },
): string {
  let maxSeq = 0;
  let declines = 0;
  let voids = 0;
  for (const draw of draws) {
    maxSeq = Math.max(maxSeq, Number(draw.seq));
    if (draw.declined_at !== null) declines++;
    if (draw.voided_at !== null) voids++;
  }
  const { prizeId, scene, blank } = wheel.stage;
  return `${maxSeq}.${declines}.${voids}.${prizeId ?? '-'}:${scene}:${blank ? 1 : 0}.${wheel.rehearsal ? 1 : 0}`;
}

async function readStatus(executor: Executor, slug: string): Promise<ProgramStatus> {
  const wheel = await readWheelProgram(executor, slug);
  const draws = await executor
    .selectFrom('draws')
    .select(['seq', 'declined_at', 'voided_at'])
    .where('wheel', '=', slug)
    .where('prize_id', 'is not', null)
    .execute();
  return { ...wheel, revision: revisionOf(draws, wheel) };
}

async function insertRows(executor: Executor, rows: DrawsTable[]): Promise<void> {
  for (let start = 0; start < rows.length; start += INSERT_CHUNK_ROWS)
    await executor
      .insertInto('draws')
      .values(rows.slice(start, start + INSERT_CHUNK_ROWS))
      .execute();
}

function batchRowsOf(
  slug: string,
  request: BatchRequest,
  decision: BatchDecision,
  context: DrawContext,
  rehearsal: boolean,
): DrawsTable[] {
  if (decision.places.length === 0) throw new Error('a batch has at least one place');
  return decision.places.map((place, index) => {
    const spins = index === 0;
    const base = drawRowOf(
      slug,
      request,
      {
        draw: {
          id: place.id,
          ticket: place.ticket,
          name: place.name,
          targetIndex: place.targetIndex,
          mode: place.mode,
          // NOTE: only the first place spins; the others are revealed with it.
          rotations: spins ? decision.shape.rotations : 0,
          landingFraction: spins ? decision.shape.landingFraction : 0,
          durationMs: spins ? decision.shape.durationMs : 0,
        },
        remainingPlan: null,
        auditDetails: {},
        nextEntries: null,
      },
      { ...context, seq: context.seq + index },
    );
    return {
      ...base,
      // A rehearsal draw is never derived from the seed: it belongs to no epoch.
      epoch: rehearsal ? null : base.epoch,
      prize_id: decision.prizeId,
      batch_id: decision.batchId,
      role: place.role,
      rank: place.rank,
      person: place.person,
      rehearsal: rehearsal ? 1 : 0,
    };
  });
}

export function createProgramMethods(
  ctx: KyselyPartContext,
): Pick<
  DrawStore,
  | 'recordBatch'
  | 'declineDraw'
  | 'readProgram'
  | 'readBatchPlaces'
  | 'setStage'
  | 'setRehearsal'
  | 'getPrizePlans'
  | 'setPrizePlans'
> {
  const { db, isoNow, transaction, appendAudit } = ctx;

  async function programContext(executor: Executor, slug: string): Promise<ProgramContext> {
    const wheel = await readWheelProgram(executor, slug);
    const rows = await readProgramRows(executor, slug);
    return { ...wheel, draws: rows.map(toProgramDraw), prizeTickets: await readPrizeTickets(executor, slug) };
  }

  return {
    async recordBatch(slug, request) {
      return transaction(async (trx) => {
        const { drawn } = await readDrawnVersion(trx, slug, request);
        await refuseWhileTurning(trx, slug, request.createdAt);
        const context = await readDrawContext(trx, slug, drawn);
        const program = await programContext(trx, slug);
        const decision = request.decide(context, program);
        const rows = batchRowsOf(slug, request, decision, context, program.rehearsal);
        await insertRows(trx, rows);
        if (decision.remainingPrizeTickets !== null) {
          await writePrizeTickets(
            trx,
            slug,
            { ...program.prizeTickets, [decision.prizeId]: decision.remainingPrizeTickets },
            isoNow(),
          );
        }
        await writeStage(trx, slug, decision.stage);
        const first = rows[0]!;
        await appendAudit(trx, {
          actor: request.startedBy,
          action: 'spin',
          wheel: slug,
          details: {
            ...decision.auditDetails,
            drawId: first.id,
            seq: first.seq,
            version: first.version,
            ticket: first.ticket,
            targetIndex: first.target_index,
            mode: first.mode,
            checksum: first.checksum,
            displayId: first.display_id,
            ...(first.epoch === null ? {} : { epoch: first.epoch }),
            prizeId: decision.prizeId,
            batchId: decision.batchId,
            rehearsal: program.rehearsal,
            places: rows.map((row) => ({
              seq: row.seq,
              ticket: row.ticket,
              targetIndex: row.target_index,
              role: row.role,
              rank: row.rank,
              mode: row.mode,
            })),
          },
        });
        const status = await readStatus(trx, slug);
        return { draws: rows.map(toStoredDraw), status };
      });
    },

    async declineDraw(slug, seq, request) {
      return transaction(async (trx) => {
        await requireWheel(trx, slug);
        const row = await trx
          .selectFrom('draws')
          .selectAll()
          .where('wheel', '=', slug)
          .where('seq', '=', seq)
          .executeTakeFirst();
        if (!row) return null;
        if (row.prize_id === null || row.role !== 'winner' || row.voided_at !== null)
          throw new AppError('not_a_winner', `Draw ${seq} is not a winner of a prize who can decline`);
        if (row.declined_at !== null)
          throw new AppError('already_declined', `Draw ${seq} was declined at ${row.declined_at}`);
        const declinedRow: DrawsTable = {
          ...row,
          declined_at: request.declinedAt,
          decline_reason: request.reason,
          declined_by: request.declinedBy,
        };
        await trx
          .updateTable('draws')
          .set({
            declined_at: declinedRow.declined_at,
            decline_reason: declinedRow.decline_reason,
            declined_by: declinedRow.declined_by,
          })
          .where('id', '=', row.id)
          .execute();
        const drawnRow = (await readSnapshotRow(trx, slug, Number(row.version))) as SnapshotRow;
        const context = await readDrawContext(trx, slug, drawnRow);
        const program = await programContext(trx, slug);
        const declined = toStoredDraw(declinedRow);
        const decision = request.decide(declined, context, program);
        let substitute: DrawsTable | null = null;
        if (decision) {
          const rehearsal = Number(row.rehearsal) === 1;
          const reserve =
            decision.promotedFrom === null
              ? undefined
              : await trx
                  .selectFrom('draws')
                  .select('epoch')
                  .where('wheel', '=', slug)
                  .where('seq', '=', decision.promotedFrom)
                  .executeTakeFirst();
          substitute = {
            ...drawRowOf(
              slug,
              {
                expectedVersion: Number(row.version),
                createdAt: request.declinedAt,
                startedBy: request.declinedBy,
                displayId: null,
              },
              {
                draw: { ...decision, rotations: 0, landingFraction: 0, durationMs: 0 },
                remainingPlan: null,
                auditDetails: {},
                nextEntries: null,
              },
              { ...context, checksum: row.checksum ?? context.checksum },
            ),
            epoch:
              reserve !== undefined
                ? reserve.epoch
                : rehearsal
                  ? null
                  : (context.verification?.epoch ?? null),
            prize_id: row.prize_id,
            batch_id: row.batch_id,
            role: 'winner',
            rank: row.rank,
            substitutes: Number(row.seq),
            promoted_from: decision.promotedFrom,
            person: decision.person,
            rehearsal: rehearsal ? 1 : 0,
          };
          await trx.insertInto('draws').values(substitute).execute();
        }
        await appendAudit(
          trx,
          wheelAudit({ actor: request.declinedBy }, 'decline', slug, {
            drawId: row.id,
            seq: Number(row.seq),
            ticket: row.ticket,
            prizeId: row.prize_id,
            reason: request.reason,
            rehearsal: Number(row.rehearsal) === 1,
            substitute: substitute
              ? {
                  drawId: substitute.id,
                  seq: substitute.seq,
                  ticket: substitute.ticket,
                  targetIndex: substitute.target_index,
                  mode: substitute.mode,
                  promotedFrom: substitute.promoted_from,
                }
              : null,
          }),
        );
        const status = await readStatus(trx, slug);
        return { declined, substitute: substitute ? toStoredDraw(substitute) : null, status };
      });
    },

    async readProgram(slug) {
      const wheel = await readWheelProgram(db, slug);
      const rows = await readProgramRows(db, slug);
      return { ...wheel, draws: rows.map(toStoredDraw), revision: revisionOf(rows, wheel) };
    },

    async readBatchPlaces(slug, batchId) {
      const rows = await db
        .selectFrom('draws')
        .selectAll()
        .where('wheel', '=', slug)
        .where('batch_id', '=', batchId)
        .where('substitutes', 'is', null)
        .orderBy('seq')
        .execute();
      return rows.map(toStoredDraw);
    },

    async setStage(slug, change) {
      return transaction(async (trx) => {
        const { stage } = await readWheelProgram(trx, slug);
        await writeStage(trx, slug, {
          prizeId: change.prizeId === undefined ? stage.prizeId : change.prizeId,
          scene: change.scene ?? stage.scene,
          blank: change.blank ?? stage.blank,
        });
        return readStatus(trx, slug);
      });
    },

    async setRehearsal(slug, rehearsal, audit) {
      return transaction(async (trx) => {
        const current = await readWheelProgram(trx, slug);
        if (current.rehearsal !== rehearsal) {
          await trx
            .updateTable('wheels')
            .set({ rehearsal: rehearsal ? 1 : 0 })
            .where('slug', '=', slug)
            .execute();
          await appendAudit(trx, wheelAudit(audit, rehearsal ? 'rehearsal_on' : 'go_live', slug, {}));
        }
        return readStatus(trx, slug);
      });
    },

    async getPrizePlans(slug) {
      await requireWheel(db, slug);
      return readPrizeTickets(db, slug);
    },

    async setPrizePlans(slug, prizes, audit) {
      return transaction(async (trx) => {
        await requireWheel(trx, slug);
        if (Object.values(prizes).some((tickets) => tickets.length > 0))
          await refusePlanWhenVerifiable(trx, slug);
        await writePrizeTickets(trx, slug, prizes, isoNow());
        await appendAudit(trx, audit);
        return prizes;
      });
    },
  };
}
