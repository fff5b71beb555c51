// Draft entries in chunks: a big import is written piece by piece into rows
// nobody reads yet, then the draft is switched to them in one short transaction. Additive only,
// on SQLite and PostgreSQL alike; a draft without a batch keeps its entries in drafts.entries.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('draft_chunks')
    .addColumn('wheel', 'text', (c) => c.notNull().references('wheels.slug'))
    .addColumn('batch', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('entry_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // NOTE: the big text last: SQLite reads a row's columns in order, through its overflow pages.
    .addColumn('entries', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('draft_chunks_pk', ['wheel', 'batch', 'seq'])
    .execute();
  await db.schema.alterTable('drafts').addColumn('entries_batch', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('drafts').dropColumn('entries_batch').execute();
  await db.schema.dropTable('draft_chunks').execute();
}
