import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationProvider } from './index.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a database as an older release left it
let db: Kysely<any> | undefined;
afterEach(async () => {
  await db?.destroy();
  db = undefined;
});

describe('migration 0008-presenter-grants', () => {
  it('grants each existing presenter account every existing wheel, and admins nothing', async () => {
    db = new Kysely({ dialect: new SqliteDialect({ database: new SqliteDatabase(':memory:') }) });
    const migrator = new Migrator({ db, provider: migrationProvider });
    expect((await migrator.migrateTo('0005-draft-chunks')).error).toBeUndefined();
    const createdAt = '2026-12-01T00:00:00.000Z';
    await db
      .insertInto('users')
      .values([
        { username: 'admin', role: 'admin', password_hash: 'x', created_at: createdAt },
        { username: 'stage', role: 'presenter', password_hash: 'x', created_at: createdAt },
      ])
      .execute();
    await db
      .insertInto('wheels')
      .values(
        ['default', 'gala'].map((slug) => ({ slug, title: slug, settings: '{}', created_at: createdAt })),
      )
      .execute();

    expect((await migrator.migrateToLatest()).error).toBeUndefined();

    const grants = await db
      .selectFrom('presenter_grants')
      .select(['username', 'wheel'])
      .orderBy('wheel')
      .execute();
    expect(grants).toEqual([
      { username: 'stage', wheel: 'default' },
      { username: 'stage', wheel: 'gala' },
    ]);
  });
});
