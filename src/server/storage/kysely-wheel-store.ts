// WheelStore over Kysely: wheels and their drafts. A draft's entries are stored inline, or in
// chunks when a big import staged them (draft-chunks.ts); readers see either the same way.
import { normalizeTicketKey, type DraftEntry, type Prize, type WheelSettings } from '../../core/index.ts';
import { AppError } from '../errors.ts';
import { readChunkedEntries, removeStaleDraftChunks, stageDraftEntries } from './draft-chunks.ts';
import { compareText, requireWheel, type Executor, type KyselyPartContext } from './kysely-shared.ts';
import type { Draft, WheelStore, WheelSummary } from './wheel-store.ts';

export function createKyselyWheelStore(ctx: KyselyPartContext): WheelStore {
  const { db, isoNow, transaction, appendAudit } = ctx;
  return {
    async listWheels() {
      // NOTE: sorted here, not by the database: PostgreSQL's collation and SQLite's byte order disagree.
      const wheels = (await db.selectFrom('wheels').select(['slug', 'title']).execute()).sort((a, b) =>
        compareText(a.slug, b.slug),
      );
      const summaries = [];
      for (const wheel of wheels) summaries.push(await summarizeWheel(db, wheel));
      return summaries;
    },

    async getWheel(slug) {
      return requireWheel(db, slug).catch((error: unknown) => {
        if (error instanceof AppError) return null;
        throw error;
      });
    },

    async createWheel(wheel, audit) {
      return transaction(async (trx) => {
        const existing = await trx
          .selectFrom('wheels')
          .select('slug')
          .where('slug', '=', wheel.slug)
          .executeTakeFirst();
        if (existing) throw new AppError('wheel_exists', `A wheel named ${wheel.slug} already exists`);
        const createdAt = isoNow();
        const settings = JSON.stringify(wheel.settings);
        await trx
          .insertInto('wheels')
          .values({ slug: wheel.slug, title: wheel.title, settings, created_at: createdAt })
          .execute();
        await trx
          .insertInto('drafts')
          .values({
            wheel: wheel.slug,
            entries: '[]',
            entry_count: 0,
            settings,
            updated_at: createdAt,
            based_on_version: null,
          })
          .execute();
        await appendAudit(trx, audit);
        return { slug: wheel.slug, title: wheel.title, settings: wheel.settings, createdAt };
      });
    },

    async getDraft(slug) {
      return readDraft(db, slug);
    },

    async replaceDraftEntries(slug, entries, audit) {
      const draft = await transaction(async (trx) => {
        await requireDraft(trx, slug);
        await trx
          .updateTable('drafts')
          .set({
            entries: JSON.stringify(entries),
            entries_batch: null,
            entry_count: entries.length,
            updated_at: isoNow(),
          })
          .where('wheel', '=', slug)
          .execute();
        await appendAudit(trx, audit);
        return (await readDraft(trx, slug)) as Draft;
      });
      await removeStaleDraftChunks(db, slug);
      return draft;
    },

    async stageDraftEntries(slug) {
      return stageDraftEntries(ctx, slug);
    },

    async updateDraftSettings(slug, settings, audit) {
      return transaction(async (trx) => {
        await requireDraft(trx, slug);
        await trx
          .updateTable('drafts')
          .set({ settings: JSON.stringify(settings), updated_at: isoNow() })
          .where('wheel', '=', slug)
          .execute();
        await appendAudit(trx, audit);
        return (await readDraft(trx, slug)) as Draft;
      });
    },

    async getDraftPrizes(slug) {
      const row = await db.selectFrom('drafts').select('prizes').where('wheel', '=', slug).executeTakeFirst();
      return row ? (JSON.parse(row.prizes) as Prize[]) : null;
    },

    async replaceDraftPrizes(slug, prizes, audit) {
      return transaction(async (trx) => {
        await requireWheel(trx, slug);
        await trx
          .updateTable('drafts')
          .set({ prizes: JSON.stringify(prizes), updated_at: isoNow() })
          .where('wheel', '=', slug)
          .execute();
        await appendAudit(trx, audit);
        return prizes;
      });
    },

    async savePrizeImage(slug, image, audit) {
      return transaction(async (trx) => {
        await requireWheel(trx, slug);
        const existing = await trx
          .selectFrom('prize_images')
          .select(['sha256', 'content_type', 'bytes', 'created_at'])
          .where('wheel', '=', slug)
          .where('sha256', '=', image.sha256)
          .executeTakeFirst();
        if (existing) {
          return {
            sha256: existing.sha256,
            contentType: existing.content_type,
            bytes: Number(existing.bytes),
            createdAt: existing.created_at,
          };
        }
        const createdAt = isoNow();
        await trx
          .insertInto('prize_images')
          .values({
            wheel: slug,
            sha256: image.sha256,
            content_type: image.contentType,
            bytes: image.bytes.byteLength,
            base64: Buffer.from(image.bytes).toString('base64'),
            created_at: createdAt,
          })
          .execute();
        await appendAudit(trx, audit);
        return {
          sha256: image.sha256,
          contentType: image.contentType,
          bytes: image.bytes.byteLength,
          createdAt,
        };
      });
    },

    async getPrizeImage(slug, sha256) {
      const row = await db
        .selectFrom('prize_images')
        .select(['sha256', 'content_type', 'base64'])
        .where('wheel', '=', slug)
        .where('sha256', '=', sha256)
        .executeTakeFirst();
      if (!row) return null;
      return {
        sha256: row.sha256,
        contentType: row.content_type,
        bytes: new Uint8Array(Buffer.from(row.base64, 'base64')),
      };
    },

    async listPrizeImageHashes(slug) {
      const rows = await db.selectFrom('prize_images').select('sha256').where('wheel', '=', slug).execute();
      return new Set(rows.map((row) => row.sha256));
    },
  };
}

async function summarizeWheel(
  executor: Executor,
  wheel: { slug: string; title: string },
): Promise<WheelSummary> {
  const latest = await executor
    .selectFrom('snapshots')
    .select(['version', 'published_at', 'entry_count'])
    .where('wheel', '=', wheel.slug)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  const draft = await executor
    .selectFrom('drafts')
    .select('entry_count')
    .where('wheel', '=', wheel.slug)
    .executeTakeFirst();
  return {
    slug: wheel.slug,
    title: wheel.title,
    latestVersion: latest ? Number(latest.version) : null,
    publishedAt: latest?.published_at ?? null,
    entries: latest ? Number(latest.entry_count) : 0,
    draftEntries: Number(draft?.entry_count ?? 0),
  };
}

export async function readDraft(executor: Executor, slug: string): Promise<Draft | null> {
  const row = await executor.selectFrom('drafts').selectAll().where('wheel', '=', slug).executeTakeFirst();
  if (!row) return null;
  return {
    wheel: row.wheel,
    entries:
      row.entries_batch === null
        ? (JSON.parse(row.entries) as DraftEntry[])
        : await readChunkedEntries(executor, slug, row.entries_batch),
    settings: JSON.parse(row.settings) as WheelSettings,
    prizes: JSON.parse(row.prizes) as Prize[],
    updatedAt: row.updated_at,
    basedOnVersion: row.based_on_version === null ? null : Number(row.based_on_version),
  };
}

/** Throws AppError wheel_not_found. */
export async function requireDraft(executor: Executor, slug: string): Promise<Draft> {
  await requireWheel(executor, slug);
  const draft = await readDraft(executor, slug);
  if (!draft) throw new AppError('wheel_not_found', `No draft for wheel ${slug}`);
  return draft;
}

/**
 * Takes a drawn ticket out of the draft too (removeWinners), in the draw's transaction, so a later
 * publish of the draft does not put the winner back on the wheel. Nothing is written when the draft
 * does not hold it.
 * NOTE: a chunked draft (a big import) is rewritten inline; its old chunks are removed by the next
 * replacement of the draft, as after any replacement.
 */
export async function removeTicketFromDraft(
  executor: Executor,
  slug: string,
  ticket: string,
  updatedAt: string,
): Promise<void> {
  const draft = await readDraft(executor, slug);
  if (!draft) return;
  const key = normalizeTicketKey(ticket);
  const entries = draft.entries.filter((entry) => normalizeTicketKey(entry.ticket) !== key);
  if (entries.length === draft.entries.length) return;
  await executor
    .updateTable('drafts')
    .set({
      entries: JSON.stringify(entries),
      entries_batch: null,
      entry_count: entries.length,
      updated_at: updatedAt,
    })
    .where('wheel', '=', slug)
    .execute();
}
