// Accounts and presenter links: per-wheel presenter keys, stored hashed. Additive only,
// written with Kysely's schema builder so it runs on SQLite and PostgreSQL alike.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('presenter_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('wheel', 'text', (c) => c.notNull().references('wheels.slug'))
    .addColumn('label', 'text', (c) => c.notNull())
    // SHA-256 hex of the key: a leaked table grants nothing.
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('presenter_keys_wheel').on('presenter_keys').column('wheel').execute();
  await db.schema.createIndex('sessions_username').on('sessions').column('username').execute();
  await db.schema.createIndex('api_tokens_name').on('api_tokens').column('name').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('api_tokens_name').execute();
  await db.schema.dropIndex('sessions_username').execute();
  await db.schema.dropTable('presenter_keys').execute();
}
