// Verifiable epochs opened by a release from before frozen lists and sealed seeds, on a real SQLite
// file edited to look like one: they keep working after the upgrade.
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PublicVerification } from '../core/index.ts';
import { sqliteFileIn } from './storage/sqlite/open-sqlite-store.ts';
import { createTestApp, publishEntries, sampleEntries, type TestApp } from './test-support/test-app.ts';

let t: TestApp;
let cookie: string;

beforeEach(async () => {
  t = await createTestApp();
  cookie = await t.signIn();
});

afterEach(async () => {
  await t.close();
});

describe('POST /api/admin/wheels/:slug/publish', () => {
  it('leaves an epoch from before frozen lists (no checksum) that already drew unfrozen, as it was', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(5));
    const headers = { cookie };
    await t.app.inject({
      method: 'PUT',
      url: '/api/admin/wheels/default/verifiable',
      headers,
      payload: { verifiable: true },
    });
    await t.app.inject({
      method: 'POST',
      url: '/api/wheels/default/spins',
      headers,
      payload: { version: 1 },
    });
    const db = new SqliteDatabase(sqliteFileIn(t.dataDir));
    db.prepare(`UPDATE verification_epochs SET version = NULL, checksum = NULL`).run();
    db.close();
    const publish = await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels/default/publish',
      headers,
      payload: {},
    });
    expect(publish.statusCode).toBe(201);
    const published = await t.app.inject({ method: 'GET', url: '/api/wheels/default/verification' });
    expect(published.json<PublicVerification>().epochs[0]).toMatchObject({ version: null, checksum: null });
  });
});
