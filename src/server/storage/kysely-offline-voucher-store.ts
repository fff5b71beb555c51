// OfflineVoucherStore over Kysely. Using a voucher happens in the draw's own transaction
// (useOfflineVoucher, called by kysely-draw-store.ts), so one voucher records at most one draw.
import { AppError } from '../errors.ts';
import { readLatestVersion } from './kysely-snapshot-store.ts';
import { compareText, requireWheel, type Executor, type KyselyPartContext } from './kysely-shared.ts';
import type { OfflineVoucher, OfflineVoucherStore } from './offline-voucher-store.ts';
import type { OfflineVouchersTable } from './schema.ts';

export function createKyselyOfflineVoucherStore(ctx: KyselyPartContext): OfflineVoucherStore {
  const { db, isoNow, transaction, appendAudit } = ctx;
  return {
    async issueOfflineVouchers(slug, issue) {
      return transaction(async (trx) => {
        await requireWheel(trx, slug);
        const version = await readLatestVersion(trx, slug);
        if (version === null) throw new AppError('not_published', `Nothing is published on wheel ${slug}`);
        const snapshot = await trx
          .selectFrom('snapshots')
          .select('checksum')
          .where('wheel', '=', slug)
          .where('version', '=', version)
          .executeTakeFirstOrThrow();
        const now = isoNow();
        const retired = await trx
          .updateTable('offline_vouchers')
          .set({ retired_at: now })
          .where('wheel', '=', slug)
          .where('holder', '=', issue.holder)
          .where('display_id', '=', issue.displayId ?? '')
          .where('used_at', 'is', null)
          .where('retired_at', 'is', null)
          .where('version', '<>', version)
          .execute();
        const kept = await trx
          .selectFrom('offline_vouchers')
          .selectAll()
          .where('wheel', '=', slug)
          .where('holder', '=', issue.holder)
          .where('display_id', '=', issue.displayId ?? '')
          .where('version', '=', version)
          .where('used_at', 'is', null)
          .where('retired_at', 'is', null)
          .execute();
        const added: OfflineVouchersTable[] = [];
        for (let n = kept.length; n < issue.count; n++) {
          const { id, seed } = issue.newVoucher();
          added.push({
            id,
            wheel: slug,
            holder: issue.holder,
            display_id: issue.displayId ?? '',
            seed,
            version,
            checksum: snapshot.checksum,
            issued_at: now,
            used_at: null,
            draw_id: null,
            retired_at: null,
          });
        }
        if (added.length > 0) await trx.insertInto('offline_vouchers').values(added).execute();
        const retiredCount = Number(retired[0]?.numUpdatedRows ?? 0);
        if (added.length > 0 || retiredCount > 0) {
          // NOTE: ids only, never seeds: the audit log is readable by every admin.
          await appendAudit(trx, {
            actor: issue.holder,
            action: 'offline_vouchers',
            wheel: slug,
            details: {
              displayId: issue.displayId,
              version,
              issued: added.map((row) => row.id),
              retired: retiredCount,
            },
          });
        }
        // Oldest first, ties by id: the same order every time the holder asks.
        return [...kept, ...added].sort(byIssueOrder).map(toOfflineVoucher);
      });
    },

    async findOfflineVoucher(slug, id) {
      const row = await db
        .selectFrom('offline_vouchers')
        .selectAll()
        .where('wheel', '=', slug)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toOfflineVoucher(row) : null;
    },
  };
}

/**
 * Marks the voucher used by `drawId`, inside the draw's transaction. Throws AppError voucher_used
 * when it was used (or retired) meanwhile: of two parallel uploads of one voucher, one records.
 */
export async function useOfflineVoucher(
  executor: Executor,
  slug: string,
  voucherId: string,
  use: { drawId: string; usedAt: string },
): Promise<void> {
  const [result] = await executor
    .updateTable('offline_vouchers')
    .set({ used_at: use.usedAt, draw_id: use.drawId })
    .where('wheel', '=', slug)
    .where('id', '=', voucherId)
    .where('used_at', 'is', null)
    .where('retired_at', 'is', null)
    .execute();
  if (Number(result?.numUpdatedRows ?? 0) !== 1)
    throw new AppError('voucher_used', `Offline voucher ${voucherId} was used already`);
}

function byIssueOrder(a: OfflineVouchersTable, b: OfflineVouchersTable): number {
  return compareText(a.issued_at, b.issued_at) || compareText(a.id, b.id);
}

function toOfflineVoucher(row: OfflineVouchersTable): OfflineVoucher {
  return {
    id: row.id,
    wheel: row.wheel,
    holder: row.holder,
    displayId: row.display_id === '' ? null : row.display_id,
    seed: row.seed,
    version: Number(row.version),
    checksum: row.checksum,
    issuedAt: row.issued_at,
    usedAt: row.used_at,
    drawId: row.draw_id,
    retiredAt: row.retired_at,
  };
}
