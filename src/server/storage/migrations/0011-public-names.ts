// Privacy by surface (settings.publicNames): a snapshot published with anything but `full` holds
// the public form of each name, under its (public) checksum. The full names of that version are
// kept here, aligned with the snapshot's entries, with the private checksum: the checksum the
// snapshot would have with the full names (recorded in the publish's audit event too). Rows are
// never updated; none for a version published with `full`. Additive only.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('snapshot_private_names')
    .addColumn('wheel', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    /** JSON array of the full names, index for index with the snapshot's entries. */
    .addColumn('names', 'text', (c) => c.notNull())
    .addColumn('private_checksum', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('snapshot_private_names_pk', ['wheel', 'version'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('snapshot_private_names').execute();
}
