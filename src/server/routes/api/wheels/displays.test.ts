import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTestApp,
  publishEntries,
  sampleEntries,
  type TestApp,
} from '../../../test-support/test-app.ts';

let t: TestApp;
let cookie: string;
let nowMs = Date.parse('2026-11-28T12:00:00.000Z');

beforeEach(async () => {
  nowMs = Date.parse('2026-11-28T12:00:00.000Z');
  t = await createTestApp({ clock: () => new Date(nowMs) });
  cookie = await t.signIn();
});
afterEach(async () => {
  await t.close();
});

const heartbeat = (overrides: Record<string, unknown> = {}) => ({
  id: 'screen-1',
  version: 1,
  state: 'idle',
  connection: 'online',
  fps: 60,
  heapMb: 12.5,
  lastSyncAt: '2026-11-28T11:59:58.000Z',
  userAgent: 'test',
  damagedSnapshots: 0,
  ...overrides,
});
const beat = (body: unknown, slug = 'default') =>
  t.app.inject({ method: 'POST', url: `/api/wheels/${slug}/displays/heartbeat`, payload: body as object });
const listDisplays = async () =>
  (await t.app.inject({ method: 'GET', url: '/api/admin/displays', headers: { cookie } })).json().displays;

describe('display heartbeats', () => {
  it('lists each display with stale and outdated flags', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(3));
    const answer = await beat(heartbeat());
    expect(answer.statusCode).toBe(204);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(await listDisplays()).toEqual([
      expect.objectContaining({
        id: 'screen-1',
        wheel: 'default',
        version: 1,
        latestVersion: 1,
        state: 'idle',
        connection: 'online',
        fps: 60,
        heapMb: 12.5,
        lastSeenAt: '2026-11-28T12:00:00.000Z',
        stale: false,
        outdated: false,
      }),
    ]);
    await publishEntries(t, cookie, 'default', sampleEntries(4));
    nowMs += 46_000;
    expect(await listDisplays()).toEqual([
      expect.objectContaining({ stale: true, outdated: true, latestVersion: 2 }),
    ]);
  });

  it('refuses a second heartbeat of one display within 2 s, bad bodies, and anonymous listing', async () => {
    expect((await beat(heartbeat())).statusCode).toBe(204);
    expect((await beat(heartbeat())).statusCode).toBe(429);
    nowMs += 2_000;
    expect((await beat(heartbeat())).statusCode).toBe(204);
    expect((await beat(heartbeat({ state: 'exploded' }))).statusCode).toBe(400);
    expect((await beat(heartbeat({ extra: 1 }))).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/displays' })).statusCode).toBe(401);
  });
});

describe('GET /api/wheels/:slug/spins/current', () => {
  it('answers the running spin with its start time, then 204 once it must have landed', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(5));
    expect((await t.app.inject({ method: 'GET', url: '/api/wheels/default/spins/current' })).statusCode).toBe(
      204,
    );
    const plan = (
      await t.app.inject({
        method: 'POST',
        url: '/api/wheels/default/spins',
        headers: { cookie },
        payload: { version: 1 },
      })
    ).json();
    nowMs += 3_000;
    const current = await t.app.inject({ method: 'GET', url: '/api/wheels/default/spins/current' });
    expect(current.statusCode).toBe(200);
    expect(current.json()).toEqual({
      plan,
      startedAt: '2026-11-28T12:00:00.000Z',
      now: '2026-11-28T12:00:03.000Z',
    });
    nowMs += plan.durationMs;
    expect((await t.app.inject({ method: 'GET', url: '/api/wheels/default/spins/current' })).statusCode).toBe(
      204,
    );
  });
});
