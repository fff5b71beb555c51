import { afterEach, describe, expect, it } from 'vitest';
import {
  createAdminToken,
  createTestApp,
  keepWinners,
  publishEntries,
  sampleEntries,
  type TestApp,
} from '../test-support/test-app.ts';
import { landSpin } from '../test-support/land-spin.ts';
import { DISPLAY_STALE_AFTER_MS } from '../services/display-registry.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function scrape(app: TestApp['app'], url = '/metrics', headers: Record<string, string> = {}) {
  const response = await app.inject({ method: 'GET', url, headers });
  expect(response.statusCode).toBe(200);
  return response.body;
}

/** A display's heartbeat, as the wheel page sends it. */
async function heartbeat(
  app: TestApp['app'],
  slug: string,
  id: string,
  version: number,
  state: string,
  expectedStatus = 204,
) {
  const response = await app.inject({
    method: 'POST',
    url: `/api/wheels/${slug}/displays/heartbeat`,
    payload: {
      id,
      version,
      state,
      connection: 'online',
      fps: 60,
      heapMb: 40,
      lastSyncAt: null,
      userAgent: 'test',
      damagedSnapshots: 0,
    },
  });
  expect(response.statusCode).toBe(expectedStatus);
}

describe('GET /metrics', () => {
  it('includes event-loop lag, heap and resident memory', async () => {
    t = await createTestApp();
    const text = await scrape(t.app);
    for (const name of [
      'nodejs_eventloop_lag_seconds',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_heap_size_used_bytes',
      'process_resident_memory_bytes',
    ])
      expect(text).toMatch(new RegExp(`^${name} \\d`, 'm'));
  });

  it('counts displays by state, stale and outdated, from their heartbeats, for existing wheels only', async () => {
    let nowMs = Date.parse('2026-11-28T18:00:00.000Z');
    t = await createTestApp({ clock: () => new Date(nowMs) });
    const cookie = await t.signIn();
    await publishEntries(t, cookie, 'default', sampleEntries(4));
    const latest = await publishEntries(t, cookie, 'default', sampleEntries(5));
    await heartbeat(t.app, 'default', 'lobby', latest, 'idle');
    nowMs += DISPLAY_STALE_AFTER_MS + 1_000;
    await heartbeat(t.app, 'default', 'stage', latest, 'spinning');
    await heartbeat(t.app, 'default', 'bar', latest - 1, 'idle');
    // A made-up wheel is refused (404), and so never counted.
    await heartbeat(t.app, 'made-up-wheel', 'prank', 1, 'idle', 404);

    const text = await scrape(t.app);
    expect(text).toContain('prizewheel_displays{wheel="default",state="spinning"} 1');
    expect(text).toContain('prizewheel_displays{wheel="default",state="idle"} 1');
    expect(text).toContain('prizewheel_displays{wheel="default",state="loading"} 0');
    expect(text).toContain('prizewheel_stale_displays{wheel="default"} 1');
    expect(text).toContain('prizewheel_outdated_displays{wheel="default"} 1');
    expect(text).not.toContain('made-up-wheel');
  });
});

describe('per-wheel counters', () => {
  it('are at 0 for every existing wheel before their first event (increase() sees the first one)', async () => {
    t = await createTestApp();
    const cookie = await t.signIn();
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels',
      headers: { cookie },
      payload: { slug: 'gala', title: 'Gala' },
    });
    expect(created.statusCode).toBe(201);
    const token = await createAdminToken(t, 'prometheus');
    const text = await scrape(t.app, '/api/admin/metrics', { authorization: `Bearer ${token}` });
    for (const wheel of ['default', 'gala']) {
      for (const name of [
        'spins_total',
        'publishes_total',
        'damaged_snapshots_total',
        'landing_mismatches_total',
        'spin_duration_warnings_total',
      ])
        expect(text).toContain(`prizewheel_${name}{wheel="${wheel}"} 0`);
      for (const mode of ['random', 'predrawn', 'fallback', 'offline'])
        expect(text).toContain(`prizewheel_draws_total{wheel="${wheel}",mode="${mode}"} 0`);
    }
    for (const result of ['replaced', 'kept', 'rejected'])
      expect(text).toContain(`prizewheel_imports_total{result="${result}"} 0`);
    // A public scrape has the same zero series, and still no mode.
    const publicText = await scrape(t.app);
    expect(publicText).toContain('prizewheel_damaged_snapshots_total{wheel="gala"} 0');
    expect(publicText).not.toContain('mode=');
  });
});

describe('GET /metrics while the database does not answer', () => {
  it('still answers, with the process metrics and the display gauges as last counted', async () => {
    t = await createTestApp();
    const cookie = await t.signIn();
    const version = await publishEntries(t, cookie, 'default', sampleEntries(3));
    await heartbeat(t.app, 'default', 'stage', version, 'idle');
    expect(await scrape(t.app)).toContain('prizewheel_displays{wheel="default",state="idle"} 1');

    // The store's wheel list is what the scrape asks the database for.
    t.app.store.listWheels = () => Promise.reject(new Error('SQLITE_IOERR: disk I/O error'));
    const text = await scrape(t.app);
    expect(text).toMatch(/^process_resident_memory_bytes \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds \d/m);
    expect(text).toContain('prizewheel_displays{wheel="default",state="idle"} 1');
    expect(text).toContain('prizewheel_publishes_total{wheel="default"} 1');
  });
});

describe('GET /api/admin/metrics', () => {
  it('counts draws by mode; the public /metrics never tells a pre-drawn spin from a random one', async () => {
    t = await createTestApp();
    const cookie = await t.signIn();
    await keepWinners(t, cookie);
    const version = await publishEntries(t, cookie, 'default', sampleEntries(6));
    const plan = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/wheels/default/plan',
      headers: { cookie },
      payload: { tickets: ['0004'] },
    });
    expect(plan.statusCode).toBe(200);
    for (const expectedTicket of ['0004', null]) {
      const spin = await t.app.inject({
        method: 'POST',
        url: '/api/wheels/default/spins',
        headers: { cookie },
        payload: { version },
      });
      expect(spin.statusCode).toBe(201);
      if (expectedTicket) expect(spin.json().ticket).toBe(expectedTicket);
      await landSpin(t.app, { cookie }, spin.json());
    }

    const publicText = await scrape(t.app);
    expect(publicText).toContain('prizewheel_spins_total{wheel="default"} 2');
    expect(publicText).not.toMatch(/predrawn|mode=/);
    expect(publicText).not.toContain('prizewheel_draws_total');

    const unauthenticated = await t.app.inject({ method: 'GET', url: '/api/admin/metrics' });
    expect(unauthenticated.statusCode).toBe(401);

    // Prometheus scrapes with a bearer token (scrape config `authorization: { credentials_file }`).
    const token = await createAdminToken(t, 'prometheus');
    const adminText = await scrape(t.app, '/api/admin/metrics', { authorization: `Bearer ${token}` });
    expect(adminText).toContain('prizewheel_draws_total{wheel="default",mode="predrawn"} 1');
    expect(adminText).toContain('prizewheel_draws_total{wheel="default",mode="random"} 1');
    // The public metrics are there too: one scrape job is enough.
    expect(adminText).toContain('prizewheel_spins_total{wheel="default"} 2');
    expect(adminText).toContain('prizewheel_displays{');
  });
});
