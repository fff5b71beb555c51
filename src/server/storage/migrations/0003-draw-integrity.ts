// Draw integrity: richer draw records (snapshot checksum, display, landing time, void),
// the per-wheel verifiable mode and its seed epochs. Additive only, on SQLite and PostgreSQL alike.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema type
export async function up(db: Kysely<any>): Promise<void> {
  // SQLite adds one column per ALTER TABLE statement.
  for (const column of ['checksum', 'display_id', 'landed_at', 'voided_at', 'void_reason', 'voided_by']) {
    await db.schema.alterTable('draws').addColumn(column, 'text').execute();
  }
  await db.schema.alterTable('draws').addColumn('epoch', 'integer').execute();
  await db.schema
    .alterTable('wheels')
    .addColumn('verifiable', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('verification_epochs')
    .addColumn('wheel', 'text', (c) => c.notNull().references('wheels.slug'))
    .addColumn('epoch', 'integer', (c) => c.notNull())
    .addColumn('seed', 'text', (c) => c.notNull())
    .addColumn('commitment', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revealed_at', 'text')
    .addPrimaryKeyConstraint('verification_epochs_pk', ['wheel', 'epoch'])
    .execute();

  await db.schema.createIndex('audit_events_wheel_id').on('audit_events').columns(['wheel', 'id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_events_wheel_id').execute();
  await db.schema.dropTable('verification_epochs').execute();
  await db.schema.alterTable('wheels').dropColumn('verifiable').execute();
  for (const column of [
    'epoch',
    'voided_by',
    'void_reason',
    'voided_at',
    'landed_at',
    'display_id',
    'checksum',
  ]) {
    await db.schema.alterTable('draws').dropColumn(column).execute();
  }
}
