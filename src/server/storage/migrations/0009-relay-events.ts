// The relay's outbox: every event an instance sends to the others is a row here, and the
// PostgreSQL NOTIFY carries only the row's id. A listener publishes what it reads from the row,
// never what a notification says: anyone who may connect can NOTIFY, only the server writes rows
// (the database's own access control authenticates them). Unused on SQLite (one instance), created
// there too so both databases have one schema. Additive only.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('relay_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('wheel', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('relay_events_created_at').on('relay_events').column('created_at').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('relay_events').execute();
}
