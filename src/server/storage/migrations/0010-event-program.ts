// The event program (issue #18): prizes in the draft (and, through the body, in snapshots), prize
// images, the draws' prize, batch, role, rank, substitution, decline and rehearsal, and per wheel
// the rehearsal switch, what the stage shows, and the key of its person pseudonyms.
// Additive only, on SQLite and PostgreSQL alike.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('drafts')
    .addColumn('prizes', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .createTable('prize_images')
    .addColumn('wheel', 'text', (c) => c.notNull().references('wheels.slug'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('base64', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('prize_images_pk', ['wheel', 'sha256'])
    .execute();
  for (const [column, type] of [
    ['prize_id', 'text'],
    ['batch_id', 'text'],
    ['role', 'text'],
    ['rank', 'integer'],
    ['substitutes', 'integer'],
    ['promoted_from', 'integer'],
    ['declined_at', 'text'],
    ['decline_reason', 'text'],
    ['declined_by', 'text'],
    ['person', 'text'],
  ] as const) {
    await db.schema.alterTable('draws').addColumn(column, type).execute();
  }
  await db.schema
    .alterTable('draws')
    .addColumn('rehearsal', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('wheels')
    .addColumn('rehearsal', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('wheels').addColumn('stage_prize', 'text').execute();
  await db.schema
    .alterTable('wheels')
    .addColumn('stage_scene', 'text', (c) => c.notNull().defaultTo('wheel'))
    .execute();
  await db.schema
    .alterTable('wheels')
    .addColumn('stage_blank', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // NOTE: generated on first use (services/person-pseudonyms.ts), never leaves the server.
  await db.schema.alterTable('wheels').addColumn('person_key', 'text').execute();
  await db.schema
    .alterTable('plans')
    .addColumn('prize_tickets', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('draws_wheel_prize').on('draws').columns(['wheel', 'prize_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('draws_wheel_prize').execute();
  await db.schema.dropTable('prize_images').execute();
  for (const [table, column] of [
    ['plans', 'prize_tickets'],
    ['wheels', 'person_key'],
    ['wheels', 'stage_blank'],
    ['wheels', 'stage_scene'],
    ['wheels', 'stage_prize'],
    ['wheels', 'rehearsal'],
    ['draws', 'rehearsal'],
    ['draws', 'person'],
    ['draws', 'declined_by'],
    ['draws', 'decline_reason'],
    ['draws', 'declined_at'],
    ['draws', 'promoted_from'],
    ['draws', 'substitutes'],
    ['draws', 'rank'],
    ['draws', 'role'],
    ['draws', 'batch_id'],
    ['draws', 'prize_id'],
    ['drafts', 'prizes'],
  ] as const) {
    await db.schema.alterTable(table).dropColumn(column).execute();
  }
}
