import { Writable } from 'node:stream';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteFileIn } from './storage/sqlite/open-sqlite-store.ts';
import { verifyAuditChain } from './storage/audit-chain.ts';
import { createLoggerOptions } from './plugins/request-log.ts';
import { createTestApp, publishEntries, sampleEntries, type TestApp } from './test-support/test-app.ts';

let t: TestApp;
let cookie: string;
/** The app's log records (pino at info), to count the damage lines. */
let logRecords: Array<{ msg?: string; version?: number }>;
beforeEach(async () => {
  logRecords = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line !== '') logRecords.push(JSON.parse(line));
      done();
    },
  });
  t = await createTestApp({ logger: { ...createLoggerOptions('info'), stream } });
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

async function setRemoveWinners(removeWinners: boolean) {
  const response = await t.app.inject({
    method: 'PUT',
    url: '/api/admin/wheels/default/draft/settings',
    headers: { cookie },
    payload: { removeWinners },
  });
  expect(response.statusCode).toBe(200);
}

/** Versions 1 and 2 published, then version 2's body altered in the database. */
async function damageTheLatestOfTwoVersions() {
  await publishEntries(t, cookie, 'default', sampleEntries(3));
  await publishEntries(t, cookie, 'default', sampleEntries(4));
  tamper(t.dataDir, `UPDATE snapshots SET body = replace(body, 'Person 1', 'Person X') WHERE version = 2`);
}

describe('POST /api/wheels/:slug/spins', () => {
  it('draws on the newest intact version when every newer version is damaged', async () => {
    await setRemoveWinners(false);
    await damageTheLatestOfTwoVersions();

    const spin = await t.app.inject({
      method: 'POST',
      url: '/api/wheels/default/spins',
      headers: { cookie },
      payload: { version: 1 },
    });
    expect(spin.statusCode).toBe(201);
    expect(spin.json().version).toBe(1);
    const draws = (await t.app.store.listDraws('default')).map((draw) => draw.version);
    expect(draws).toEqual([1]);
  });

  it('with removeWinners publishes the version without the winner above the damaged one', async () => {
    await setRemoveWinners(true);
    await damageTheLatestOfTwoVersions();

    const spin = await t.app.inject({
      method: 'POST',
      url: '/api/wheels/default/spins',
      headers: { cookie },
      payload: { version: 1 },
    });
    expect(spin.statusCode).toBe(201);
    const latest = (await t.app.inject({ method: 'GET', url: '/api/wheels/default/snapshot' })).json();
    expect(latest.version).toBe(3);
    expect(latest.entries).toHaveLength(2);
    expect(latest.entries.map((entry: { ticket: string }) => entry.ticket)).not.toContain(spin.json().ticket);
  });
});

describe('a damaged snapshot', () => {
  it('is logged and counted once, however often displays poll it', async () => {
    await damageTheLatestOfTwoVersions();

    for (let poll = 0; poll < 5; poll++) {
      const response = await t.app.inject({ method: 'GET', url: '/api/wheels/default/snapshot' });
      expect(response.json().version).toBe(1);
      await t.app.inject({ method: 'GET', url: '/api/wheels/default/snapshots/2' });
    }

    const damageLines = logRecords.filter((record) => record.msg?.includes('does not match its checksum'));
    expect(damageLines.map((record) => record.version)).toEqual([2]);
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain('prizewheel_damaged_snapshots_total{wheel="default"} 1\n');
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
