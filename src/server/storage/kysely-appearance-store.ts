// AppearanceStore over Kysely: one row per wheel once its presentation is first changed; the logo
// is stored as base64 text with its hash, type and size (the same column types on both databases).
import {
  DEFAULT_OFFLINE_SPIN_POLICY,
  type LogoContentType,
  type OfflineSpinPolicy,
} from '../../core/index.ts';
import type { AppearanceChange, AppearanceStore, StoredAppearance } from './appearance-store.ts';
import { requireWheel, type Executor, type KyselyPartContext, wheelAudit } from './kysely-shared.ts';

export function createKyselyAppearanceStore(ctx: KyselyPartContext): AppearanceStore {
  const { db, isoNow, transaction, appendAudit } = ctx;
  return {
    async getAppearance(slug) {
      return readAppearance(db, slug);
    },

    async updateAppearance(slug, change, audit) {
      return transaction(async (trx) => {
        const before = await readAppearance(trx, slug);
        const values = {
          wheel: slug,
          title: change.title ?? before.title,
          offline_spins: change.offlineSpins ?? before.offlineSpins,
          updated_at: isoNow(),
          ...logoColumnsOf(change),
        };
        const { wheel: _wheel, ...updates } = values;
        await trx
          .insertInto('wheel_appearance')
          .values(values)
          .onConflict((oc) => oc.column('wheel').doUpdateSet(updates))
          .execute();
        const after = await readAppearance(trx, slug);
        await appendAudit(
          trx,
          wheelAudit(audit, 'appearance', slug, {
            changed: (['title', 'offlineSpins', 'logo'] as const).filter((key) => change[key] !== undefined),
            title: after.title,
            offlineSpins: after.offlineSpins,
            logo: after.logo,
          }),
        );
        return after;
      });
    },

    async getLogo(slug, sha256) {
      const row = await db
        .selectFrom('wheel_appearance')
        .select(['logo_type', 'logo_base64'])
        .where('wheel', '=', slug)
        .where('logo_sha256', '=', sha256)
        .executeTakeFirst();
      if (!row || row.logo_type === null || row.logo_base64 === null) return null;
      const data = Buffer.from(row.logo_base64, 'base64');
      return {
        contentType: row.logo_type as LogoContentType,
        data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      };
    },
  };
}

/** Throws AppError wheel_not_found; the defaults while the wheel has no appearance row. */
async function readAppearance(executor: Executor, slug: string): Promise<StoredAppearance> {
  await requireWheel(executor, slug);
  const row = await executor
    .selectFrom('wheel_appearance')
    .select(['title', 'offline_spins', 'logo_sha256', 'logo_type', 'logo_bytes', 'updated_at'])
    .where('wheel', '=', slug)
    .executeTakeFirst();
  if (!row) return { title: '', offlineSpins: DEFAULT_OFFLINE_SPIN_POLICY, logo: null, updatedAt: null };
  return {
    title: row.title,
    offlineSpins: row.offline_spins as OfflineSpinPolicy,
    logo:
      row.logo_sha256 === null
        ? null
        : {
            sha256: row.logo_sha256,
            contentType: row.logo_type as LogoContentType,
            bytes: Number(row.logo_bytes),
          },
    updatedAt: row.updated_at,
  };
}

/** The logo columns a change writes: none when it leaves the logo, all null when it removes it. */
function logoColumnsOf(change: AppearanceChange) {
  if (change.logo === undefined) return {};
  if (change.logo === null)
    return { logo_sha256: null, logo_type: null, logo_base64: null, logo_bytes: null };
  return {
    logo_sha256: change.logo.sha256,
    logo_type: change.logo.contentType,
    logo_base64: Buffer.from(change.logo.data).toString('base64'),
    logo_bytes: change.logo.data.byteLength,
  };
}
