// Offline vouchers: single-use seeds the server issues to one presenter (key or session, and the
// display it named) for one published version; an offline draw is recorded only by using one.
// Additive only, on SQLite and PostgreSQL alike.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('offline_vouchers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('wheel', 'text', (c) => c.notNull().references('wheels.slug'))
    .addColumn('holder', 'text', (c) => c.notNull())
    // NOTE: '' when the presenter named no display, so equality works the same on both databases.
    .addColumn('display_id', 'text', (c) => c.notNull())
    .addColumn('seed', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('checksum', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('draw_id', 'text')
    .addColumn('retired_at', 'text')
    .execute();
  await db.schema
    .createIndex('offline_vouchers_holder')
    .on('offline_vouchers')
    .columns(['wheel', 'holder', 'display_id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('offline_vouchers_holder').execute();
  await db.schema.dropTable('offline_vouchers').execute();
}
