// Presentation settings: a wheel's display title, logo and offline-spin policy.
// Live settings, never part of a snapshot. Additive only, on SQLite and PostgreSQL alike.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('wheel_appearance')
    .addColumn('wheel', 'text', (c) => c.primaryKey().references('wheels.slug'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('offline_spins', 'text', (c) => c.notNull())
    // The logo: SHA-256 hex of its bytes (its URL), sniffed type, bytes as base64 text. Text, not a
    // blob, so one column type works on both databases; logos are small (LOGO_MAX_BYTES).
    .addColumn('logo_sha256', 'text')
    .addColumn('logo_type', 'text')
    .addColumn('logo_base64', 'text')
    .addColumn('logo_bytes', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('wheel_appearance').execute();
}
