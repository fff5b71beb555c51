// Verifiable epochs that cannot be gamed: the list each epoch is frozen to (version, checksum), the
// witness entropy typed after the commitment, and the close of an epoch without a reveal. The seed
// column keeps its name; new seeds are written sealed (AES-256-GCM, key outside the database).
// Additive only, on SQLite and PostgreSQL alike.
import type { Kysely } from 'kysely';

const TEXT_COLUMNS = ['checksum', 'witness', 'witness_at', 'closed_at'] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema type
export async function up(db: Kysely<any>): Promise<void> {
  // SQLite adds one column per ALTER TABLE statement.
  await db.schema.alterTable('verification_epochs').addColumn('version', 'integer').execute();
  for (const column of TEXT_COLUMNS) {
    await db.schema.alterTable('verification_epochs').addColumn(column, 'text').execute();
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const column of [...TEXT_COLUMNS].reverse()) {
    await db.schema.alterTable('verification_epochs').dropColumn(column).execute();
  }
  await db.schema.alterTable('verification_epochs').dropColumn('version').execute();
}
