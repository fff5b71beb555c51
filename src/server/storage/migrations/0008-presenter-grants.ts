// Presenter accounts are granted wheels: a presenter account spins only the wheels it was granted.
// Additive only, written with Kysely's schema builder so it runs on SQLite and PostgreSQL alike.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('presenter_grants')
    .addColumn('username', 'text', (c) => c.notNull().references('users.username'))
    .addColumn('wheel', 'text', (c) => c.notNull().references('wheels.slug'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('presenter_grants_pk', ['username', 'wheel'])
    .execute();
  // NOTE: presenter accounts made before grants existed could spin every wheel; they keep exactly
  // the wheels that exist now, so an event in progress is not locked out (an admin narrows them).
  const presenters = await db
    .selectFrom('users')
    .select('username')
    .where('role', '=', 'presenter')
    .execute();
  const wheels = await db.selectFrom('wheels').select('slug').execute();
  const createdAt = new Date().toISOString();
  const rows = presenters.flatMap((user: { username: string }) =>
    wheels.map((wheel: { slug: string }) => ({
      username: user.username,
      wheel: wheel.slug,
      created_at: createdAt,
    })),
  );
  if (rows.length > 0) await db.insertInto('presenter_grants').values(rows).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('presenter_grants').execute();
}
