import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATION_NAMES } from './storage/migrations/index.ts';
import { sqliteFileIn } from './storage/sqlite/open-sqlite-store.ts';
import {
  createTestApp,
  keepWinners,
  publishEntries,
  sampleEntries,
  type TestApp,
} from './test-support/test-app.ts';

let t: TestApp;
let cookie: string;

beforeEach(async () => {
  t = await createTestApp();
  cookie = await t.signIn();
});
afterEach(async () => {
  await t.close();
});

describe('GET /healthz', () => {
  it('answers ok', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });
});

describe('GET /readyz', () => {
  it('answers 200 when the database answers', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });

  it('answers 503 while the database lacks the newest migration, or holds one this code does not know', async () => {
    const newest = MIGRATION_NAMES.at(-1)!;
    // A second connection edits the Migrator's bookkeeping, as an older or newer release would leave it.
    const db = new SqliteDatabase(sqliteFileIn(t.dataDir));
    try {
      db.prepare('DELETE FROM kysely_migration WHERE name = ?').run(newest);
      const missing = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(missing.statusCode).toBe(503);
      expect(missing.json()).toMatchObject({
        error: { code: 'not_ready' },
        reason: 'migrations_not_current',
        missing: [newest],
        unknown: [],
      });
      expect(missing.json().error.message).toContain(newest);

      db.prepare('INSERT INTO kysely_migration (name, timestamp) VALUES (?, ?)').run(
        newest,
        new Date().toISOString(),
      );
      expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);

      db.prepare('INSERT INTO kysely_migration (name, timestamp) VALUES (?, ?)').run(
        '9999-from-a-newer-release',
        new Date().toISOString(),
      );
      const unknown = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(unknown.statusCode).toBe(503);
      expect(unknown.json()).toMatchObject({ missing: [], unknown: ['9999-from-a-newer-release'] });
    } finally {
      db.close();
    }
  });
});

describe('POST /api/admin/wheels/:slug/publish', () => {
  it('publishes version 1 with a checksum and a diff', async () => {
    await t.app.inject({
      method: 'PUT',
      url: '/api/admin/wheels/default/draft/entries',
      headers: { cookie },
      payload: { entries: sampleEntries(3) },
    });
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels/default/publish',
      headers: { cookie },
      payload: {},
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.version).toBe(1);
    expect(body.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(body.diff).toEqual({
      added: 3,
      removed: 0,
      changed: 0,
      prizes: { added: 0, removed: 0, changed: 0 },
    });
  });

  it('numbers versions contiguously and diffs against the last one', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(3));
    await t.app.inject({
      method: 'PUT',
      url: '/api/admin/wheels/default/draft/entries',
      headers: { cookie },
      payload: { entries: [...sampleEntries(2), { ticket: '0009', name: 'New', weight: 2 }] },
    });
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels/default/publish',
      headers: { cookie },
      payload: {},
    });
    expect(response.json()).toMatchObject({ version: 2, diff: { added: 1, removed: 1, changed: 0 } });
  });

  it('returns 409 draft_empty when the draft has no entries', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels/default/publish',
      headers: { cookie },
      payload: {},
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('draft_empty');
  });

  it('returns 401 without a session', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels/default/publish',
      payload: {},
    });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  });

  it('returns 400 invalid_request naming an unknown field', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels/default/publish',
      headers: { cookie },
      payload: { force: true },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('force');
  });
});

describe('GET /api/wheels/:slug/snapshot', () => {
  it('returns 404 not_published before anything is published', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/wheels/default/snapshot' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_published');
  });

  it('returns the latest snapshot, 204 when currentVersion is the latest, and honours If-None-Match', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(5));
    const response = await t.app.inject({ method: 'GET', url: '/api/wheels/default/snapshot' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-cache');
    const snapshot = response.json();
    expect(snapshot).toMatchObject({ wheel: 'default', version: 1, entries: sampleEntries(5) });
    expect(Object.keys(snapshot).sort()).toEqual([
      'checksum',
      'entries',
      'publishedAt',
      'settings',
      'version',
      'wheel',
    ]);
    expect(response.headers.etag).toBe(`"${snapshot.checksum}"`);

    const same = await t.app.inject({ method: 'GET', url: '/api/wheels/default/snapshot?currentVersion=1' });
    expect(same.statusCode).toBe(204);
    const older = await t.app.inject({ method: 'GET', url: '/api/wheels/default/snapshot?currentVersion=0' });
    expect(older.statusCode).toBe(200);
    const cached = await t.app.inject({
      method: 'GET',
      url: '/api/wheels/default/snapshot',
      headers: { 'if-none-match': response.headers.etag as string },
    });
    expect(cached.statusCode).toBe(304);
  });

  it('serves the same snapshot at /api/wheel/snapshot', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(2));
    const response = await t.app.inject({ method: 'GET', url: '/api/wheel/snapshot' });
    expect(response.statusCode).toBe(200);
    expect(response.json().version).toBe(1);
  });
});

describe('GET /api/wheels/:slug/snapshots/:version', () => {
  it('returns an immutable version and 404 for a missing one', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(2));
    const response = await t.app.inject({ method: 'GET', url: '/api/wheels/default/snapshots/1' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await t.app.inject({ method: 'GET', url: '/api/wheels/default/snapshots/2' })).statusCode).toBe(
      404,
    );
  });
});

describe('GET /metrics', () => {
  it('names no wheel that does not exist, whatever public endpoints were called with made-up slugs', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(3));
    const baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const madeUp = 'made-up-wheel-3f9d';
    const stream = await fetch(`${baseUrl}/api/wheels/${madeUp}/events`);
    await stream.body?.cancel();
    const heartbeat = {
      id: 'screen-1',
      version: 1,
      state: 'idle',
      connection: 'online',
      fps: 60,
      heapMb: 1,
      lastSyncAt: null,
      userAgent: 'test',
      damagedSnapshots: 0,
    };
    for (const request of [
      { method: 'POST' as const, url: `/api/wheels/${madeUp}/displays/heartbeat`, payload: heartbeat },
      { method: 'GET' as const, url: `/api/wheels/${madeUp}/snapshot` },
      { method: 'GET' as const, url: `/api/wheels/${madeUp}/snapshots/1` },
      { method: 'GET' as const, url: `/api/wheels/${madeUp}/spins/current` },
      { method: 'GET' as const, url: `/api/wheels/${madeUp}/appearance` },
      { method: 'GET' as const, url: `/api/wheels/${madeUp}/verification` },
      {
        method: 'POST' as const,
        url: `/api/wheels/${madeUp}/spins`,
        headers: { cookie },
        payload: { version: 1 },
      },
      {
        method: 'POST' as const,
        url: `/api/wheels/${madeUp}/spins/x/landed`,
        headers: { cookie },
        payload: { landedIndex: 0, durationMs: 1 },
      },
    ])
      expect((await t.app.inject(request)).statusCode).toBeLessThan(500);
    for (const url of ['/metrics', '/api/admin/metrics']) {
      const metrics = await t.app.inject({ url, headers: { cookie } });
      expect(metrics.statusCode).toBe(200);
      expect(metrics.body).toContain('wheel="default"');
      expect(metrics.body).not.toContain(madeUp);
    }
  });

  it('answers Prometheus text with the spin and publish counters', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(3));
    await t.app.inject({
      method: 'POST',
      url: '/api/wheels/default/spins',
      headers: { cookie },
      payload: { version: 1 },
    });
    const response = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toContain('prizewheel_spins_total{wheel="default"} 1');
    expect(response.body).toContain('prizewheel_publishes_total{wheel="default"} 1');
  });

  it('counts a landing on another entry and a duration off the plan, once per spin', async () => {
    await keepWinners(t, cookie); // both spins draw on version 1
    await publishEntries(t, cookie, 'default', sampleEntries(3));
    const spin = async () =>
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/wheels/default/spins',
          headers: { cookie },
          payload: { version: 1 },
        })
      ).json() as { id: string; targetIndex: number; durationMs: number };
    const land = (id: string, landedIndex: number, durationMs: number) =>
      t.app.inject({
        method: 'POST',
        url: `/api/wheels/default/spins/${id}/landed`,
        headers: { cookie },
        payload: { landedIndex, durationMs },
      });
    const exact = await spin();
    await land(exact.id, exact.targetIndex, exact.durationMs + 100); // within tolerance
    const wrong = await spin();
    await land(wrong.id, (wrong.targetIndex + 1) % 3, wrong.durationMs + 101);
    await land(wrong.id, (wrong.targetIndex + 1) % 3, wrong.durationMs + 101); // a repeated report counts once
    const body = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(body).toContain('prizewheel_landing_mismatches_total{wheel="default"} 1');
    expect(body).toContain('prizewheel_spin_duration_warnings_total{wheel="default"} 1');
  });

  it('counts imports by result and their duration', async () => {
    const upload = (csv: string) => {
      const boundary = 'metricsboundary';
      return t.app.inject({
        method: 'POST',
        url: '/api/admin/wheels/default/draft/import',
        headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload:
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="list.csv"\r\n` +
          `Content-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
      });
    };
    expect((await upload('ticket,name\n1,Ana\n2,Bo\n')).statusCode).toBe(200);
    expect((await upload('ticket,name\n1,Ana\n1,Bo\n')).statusCode).toBe(200);
    expect((await upload('')).statusCode).toBe(200);
    const body = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(body).toContain('prizewheel_imports_total{result="replaced"} 1');
    expect(body).toContain('prizewheel_imports_total{result="kept"} 1');
    expect(body).toContain('prizewheel_imports_total{result="rejected"} 1');
    expect(body).toContain('prizewheel_import_duration_seconds_count 3');
  });
});

describe('error handling', () => {
  it('answers 404 not_found in the contract shape for an unknown route', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });

  it('answers 400 invalid_request for malformed JSON', async () => {
    const response = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/wheels/default/plan',
      headers: { cookie, 'content-type': 'application/json' },
      payload: '{"tickets":',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_request');
  });
});

describe('GET /readyz (database gone)', () => {
  it('answers 503 when the database does not answer', async () => {
    const other = await createTestApp();
    await other.app.store.close();
    const response = await other.app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe('not_ready');
    const failed = await other.app.inject({ method: 'GET', url: '/api/wheels/default/snapshot' });
    expect(failed.statusCode).toBe(500);
    expect(failed.json()).toEqual({ error: { code: 'internal_error', message: 'Internal server error' } });
    await other.close().catch(() => undefined);
  });
});
