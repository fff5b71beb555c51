// A draft's entries in chunks: an import writes its entries piece by piece into a new batch that
// no reader sees, then one short transaction points the draft at it. Killed halfway, the batch is
// only unreferenced rows (removed by the next replacement of that wheel's draft); the draft never
// holds half a list. Portable Kysely queries only (SQLite and PostgreSQL).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DraftEntry } from '../../core/index.ts';
import { AppError } from '../errors.ts';
import type { Executor, KyselyPartContext } from './kysely-shared.ts';
import type { Database } from './schema.ts';
import type { AuditInput } from './store-types.ts';
import type { DraftStaging } from './wheel-store.ts';

/** Chunks removed per statement: each delete stays short, so other requests are served in between. */
const CHUNKS_PER_DELETE = 16;

/** The entries of a batch, in order. */
export async function readChunkedEntries(
  executor: Executor,
  slug: string,
  batch: string,
): Promise<DraftEntry[]> {
  const rows = await executor
    .selectFrom('draft_chunks')
    .select('entries')
    .where('wheel', '=', slug)
    .where('batch', '=', batch)
    .orderBy('seq')
    .execute();
  const entries: DraftEntry[] = [];
  for (const row of rows) for (const entry of JSON.parse(row.entries) as DraftEntry[]) entries.push(entry);
  return entries;
}

/**
 * Removes the wheel's chunks that its draft does not point to: the batch a replacement left
 * behind, and batches of imports that died or were abandoned. An import still writing its batch
 * loses it, and its commit then fails with import_conflict instead of publishing half a list.
 */
export async function removeStaleDraftChunks(db: Kysely<Database>, slug: string): Promise<void> {
  const draft = await db
    .selectFrom('drafts')
    .select('entries_batch')
    .where('wheel', '=', slug)
    .executeTakeFirst();
  const current = draft?.entries_batch ?? null;
  let query = db
    .selectFrom('draft_chunks')
    .select(['batch', (eb) => eb.fn.max('seq').as('lastSeq')])
    .where('wheel', '=', slug)
    .groupBy('batch');
  if (current !== null) query = query.where('batch', '!=', current);
  for (const { batch, lastSeq } of await query.execute()) {
    await deleteBatch(db, slug, batch, Number(lastSeq) + 1);
  }
}

/** Deletes a batch a few chunks per statement (a 1,000,000-entry batch is ~50 MB of text). */
async function deleteBatch(db: Kysely<Database>, slug: string, batch: string, chunks: number): Promise<void> {
  for (let from = 0; from < chunks; from += CHUNKS_PER_DELETE) {
    await db
      .deleteFrom('draft_chunks')
      .where('wheel', '=', slug)
      .where('batch', '=', batch)
      .where('seq', '>=', from)
      .where('seq', '<', from + CHUNKS_PER_DELETE)
      .execute();
  }
}

/** Starts a staged replacement of the wheel's draft. Throws AppError wheel_not_found. */
export async function stageDraftEntries(
  { db, isoNow, transaction, appendAudit }: KyselyPartContext,
  slug: string,
): Promise<DraftStaging> {
  const draft = await db.selectFrom('drafts').select('wheel').where('wheel', '=', slug).executeTakeFirst();
  if (!draft) throw new AppError('wheel_not_found', `No wheel named ${slug}`);
  const batch = randomUUID();
  let chunks = 0;
  let entries = 0;
  let finished = false;
  const checkOpen = (): void => {
    if (finished) throw new Error('this draft staging was already committed or discarded');
  };

  return {
    async append(entriesJson, count) {
      checkOpen();
      // NOTE: each chunk is its own short write (no transaction around the whole batch): the batch is
      // invisible until commit, and a long transaction would hold SQLite's single writer meanwhile.
      await db
        .insertInto('draft_chunks')
        .values({
          wheel: slug,
          batch,
          seq: chunks,
          entries: entriesJson,
          entry_count: count,
          created_at: isoNow(),
        })
        .execute();
      chunks++;
      entries += count;
    },

    async commit(audit) {
      checkOpen();
      finished = true;
      const updatedAt = isoNow();
      try {
        await switchDraft(updatedAt, audit);
      } catch (error) {
        await deleteBatch(db, slug, batch, chunks);
        throw error;
      }
      await removeStaleDraftChunks(db, slug);
      return { entries, updatedAt };
    },

    async discard() {
      if (finished) return;
      finished = true;
      await deleteBatch(db, slug, batch, chunks);
    },
  };

  /** One short transaction: the staged batch is complete, and the draft now points to it. */
  async function switchDraft(updatedAt: string, audit: AuditInput): Promise<void> {
    await transaction(async (trx) => {
      // Counted from the primary key alone; a removed batch has fewer chunks (or none).
      const stored = await trx
        .selectFrom('draft_chunks')
        .select((eb) => eb.fn.countAll().as('chunks'))
        .where('wheel', '=', slug)
        .where('batch', '=', batch)
        .executeTakeFirst();
      if (Number(stored?.chunks ?? 0) !== chunks) {
        throw new AppError(
          'import_conflict',
          `The draft of wheel ${slug} was replaced by another import or edit while this file was being stored; nothing was changed by this import`,
        );
      }
      const updated = await trx
        .updateTable('drafts')
        .set({ entries: '[]', entries_batch: batch, entry_count: entries, updated_at: updatedAt })
        .where('wheel', '=', slug)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1)
        throw new AppError('wheel_not_found', `No wheel named ${slug}`);
      await appendAudit(trx, audit);
    });
  }
}
