import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTestApp,
  publishEntries,
  sampleEntries,
  type TestApp,
} from '../../../test-support/test-app.ts';
import { MAX_DISPLAYS, MAX_DISPLAYS_PER_ADDRESS } from '../../../services/display-registry.ts';

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
const beat = (body: unknown, slug = 'default', remoteAddress = '127.0.0.1') =>
  t.app.inject({
    method: 'POST',
    url: `/api/wheels/${slug}/displays/heartbeat`,
    payload: body as object,
    remoteAddress,
  });
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

  it('answers 404 wheel_not_found for a wheel that does not exist, and remembers nothing', async () => {
    const answer = await beat(heartbeat({ id: 'ghost' }), 'no-such-wheel-5e2a');
    expect(answer.statusCode).toBe(404);
    expect(answer.json().error.code).toBe('wheel_not_found');
    expect(await listDisplays()).toEqual([]);
  });

  it('keeps real displays, and takes new ones, through a flood of made-up display ids', async () => {
    expect((await beat(heartbeat({ id: 'real-screen' }), 'default', '203.0.113.7')).statusCode).toBe(204);
    // More made-up ids than the registry holds, from more addresses than one.
    const flooders = Math.ceil(MAX_DISPLAYS / MAX_DISPLAYS_PER_ADDRESS) + 2;
    for (let address = 0; address < flooders; address++) {
      const answers = await Promise.all(
        Array.from({ length: MAX_DISPLAYS_PER_ADDRESS + 5 }, (_, i) =>
          beat(heartbeat({ id: `fake-${address}-${i}` }), 'default', `198.51.100.${address}`),
        ),
      );
      expect(answers.every((answer) => answer.statusCode === 204)).toBe(true);
    }
    const newcomer = await beat(heartbeat({ id: 'new-screen' }), 'default', '203.0.113.8');
    expect(newcomer.statusCode).toBe(204);
    const displays = (await listDisplays()) as Array<{ id: string }>;
    expect(displays.length).toBeLessThanOrEqual(MAX_DISPLAYS);
    const ids = new Set(displays.map((display) => display.id));
    expect(ids.has('real-screen')).toBe(true);
    expect(ids.has('new-screen')).toBe(true);
    // One address never holds more than its share.
    expect(displays.filter((display) => display.id.startsWith('fake-0-')).length).toBeLessThanOrEqual(
      MAX_DISPLAYS_PER_ADDRESS,
    );
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

  it('answers the newest draw after it landed only when asked with include=landed', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(5));
    const landedUrl = '/api/wheels/default/spins/current?include=landed';
    expect((await t.app.inject({ url: landedUrl })).statusCode).toBe(204);
    const plan = (
      await t.app.inject({
        method: 'POST',
        url: '/api/wheels/default/spins',
        headers: { cookie },
        payload: { version: 1 },
      })
    ).json();
    nowMs += plan.durationMs + 60_000;
    expect((await t.app.inject({ url: '/api/wheels/default/spins/current' })).statusCode).toBe(204);
    const ended = await t.app.inject({ url: landedUrl });
    expect(ended.statusCode).toBe(200);
    expect(ended.headers['cache-control']).toBe('no-store');
    expect(ended.json()).toEqual({
      plan,
      startedAt: '2026-11-28T12:00:00.000Z',
      now: new Date(nowMs).toISOString(),
    });
  });

  it('says when a display reported the landing, with include=landed, even before the planned end', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(5));
    const spin = await t.app.inject({
      method: 'POST',
      url: '/api/wheels/default/spins',
      headers: { cookie },
      payload: { version: 1 },
    });
    const plan = spin.json();
    nowMs += 2_000;
    const report = await t.app.inject({
      method: 'POST',
      url: `/api/wheels/default/spins/${plan.id}/landed`,
      headers: { cookie },
      payload: { landedIndex: plan.targetIndex, durationMs: 2_000 },
    });
    expect(report.statusCode).toBeLessThan(300);
    const landed = (await t.app.inject({ url: '/api/wheels/default/spins/current?include=landed' })).json();
    expect(landed).toMatchObject({ plan, landedAt: '2026-11-28T12:00:02.000Z' });
    // The plain question is unchanged: the spin counts as turning until its planned end.
    expect((await t.app.inject({ url: '/api/wheels/default/spins/current' })).json()).not.toHaveProperty(
      'landedAt',
    );
  });

  it('answers 400 invalid_request naming include for another value', async () => {
    const answer = await t.app.inject({ url: '/api/wheels/default/spins/current?include=all' });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error.code).toBe('invalid_request');
    expect(answer.json().error.message).toContain('include');
  });
});

describe('POST /api/wheels/:slug/displays/heartbeat', () => {
  it('keeps the path spins reach the display by (spinSource) and refuses another value', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(3));
    expect((await beat(heartbeat({ spinSource: 'poll' }))).statusCode).toBe(204);
    expect(await listDisplays()).toEqual([expect.objectContaining({ id: 'screen-1', spinSource: 'poll' })]);
    const refused = await beat(heartbeat({ id: 'screen-2', spinSource: 'carrier-pigeon' }));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toContain('spinSource');
  });
});
