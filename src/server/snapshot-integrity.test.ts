import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteFileIn } from './storage/sqlite/open-sqlite-store.ts';
import { verifyAuditChain } from './storage/audit-chain.ts';
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

function tamper(dataDir: string, statement: string) {
  const db = new SqliteDatabase(sqliteFileIn(dataDir));
  try {
    db.prepare(statement).run();
  } finally {
    db.close();
  }
}

describe('GET /api/wheels/:slug/snapshot', () => {
  it('never serves a damaged snapshot: the newest intact version is served instead', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(3));
    await publishEntries(t, cookie, 'default', sampleEntries(4));
    expect((await t.app.inject({ method: 'GET', url: '/api/wheels/default/snapshot' })).json().version).toBe(
      2,
    );

    tamper(t.dataDir, `UPDATE snapshots SET body = replace(body, 'Person 1', 'Person X') WHERE version = 2`);

    const latest = await t.app.inject({ method: 'GET', url: '/api/wheels/default/snapshot' });
    expect(latest.statusCode).toBe(200);
    expect(latest.json().version).toBe(1);
    expect((await t.app.inject({ method: 'GET', url: '/api/wheels/default/snapshots/2' })).statusCode).toBe(
      404,
    );
  });
});

describe('audit chain', () => {
  it('links every state change and finds an edited event', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(3));
    const events = await t.app.store.listAuditEvents();
    expect(events.map((event) => event.action)).toEqual([
      'create_user',
      'create_wheel',
      'login',
      'edit_entries',
      'publish',
    ]);
    expect(verifyAuditChain(events)).toEqual([]);

    tamper(t.dataDir, `UPDATE audit_events SET actor = 'mallory' WHERE action = 'publish'`);
    const problems = verifyAuditChain(await t.app.store.listAuditEvents());
    expect(problems.map((problem) => problem.problem)).toEqual(['hash_mismatch']);
  });
});
