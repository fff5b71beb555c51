// One spin at a time per wheel, and spins rate-limited per presenter, on the app's manual clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SPIN_LANDING_MARGIN_MS } from '../../../../core/index.ts';
import { SPIN_REQUESTS_PER_MINUTE_MAX, SPIN_RATE_WINDOW_MS } from '../../../services/spin-rate-limit.ts';
import { landSpin } from '../../../test-support/land-spin.ts';
import {
  createTestApp,
  keepWinners,
  publishEntries,
  sampleEntries,
  type TestApp,
} from '../../../test-support/test-app.ts';

const SPIN_DURATION_MS = 11_000;

let t: TestApp;
let cookie: string;
let nowMs: number;

beforeEach(async () => {
  nowMs = Date.parse('2026-12-06T20:00:00.000Z');
  t = await createTestApp({ clock: () => new Date(nowMs) });
  cookie = await t.signIn();
  // Every spin here asks for version 1: "Remove winners" off (new wheels start with it on).
  await keepWinners(t, cookie);
  await publishEntries(t, cookie, 'default', sampleEntries(10));
});
afterEach(async () => {
  await t.close();
});

const spin = (headers: Record<string, string> = { cookie }, slug = 'default') =>
  t.app.inject({ method: 'POST', url: `/api/wheels/${slug}/spins`, headers, payload: { version: 1 } });

async function drawCount(slug = 'default'): Promise<number> {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/admin/wheels/${slug}/draws`,
    headers: { cookie },
  });
  return response.json<{ draws: unknown[] }>().draws.length;
}

describe('POST /api/wheels/:slug/spins', () => {
  it('answers 409 spin_in_progress with retryAfterMs and Retry-After while the last spin turns', async () => {
    expect((await spin()).statusCode).toBe(201);
    nowMs += 1_000;
    const refused = await spin();
    expect(refused.statusCode).toBe(409);
    const retryAfterMs = SPIN_DURATION_MS + SPIN_LANDING_MARGIN_MS - 1_000;
    expect(refused.json()).toEqual({
      error: { code: 'spin_in_progress', message: expect.stringContaining('13 s') },
      retryAfterMs,
    });
    expect(refused.headers['retry-after']).toBe(String(Math.ceil(retryAfterMs / 1000)));
    expect(await drawCount()).toBe(1);
  });

  it('answers 409 spin_in_progress until the planned end plus the margin has passed, then draws', async () => {
    expect((await spin()).statusCode).toBe(201);
    nowMs += SPIN_DURATION_MS + SPIN_LANDING_MARGIN_MS - 1;
    expect((await spin()).json()).toMatchObject({ error: { code: 'spin_in_progress' }, retryAfterMs: 1 });
    nowMs += 1;
    expect((await spin()).statusCode).toBe(201);
    expect(await drawCount()).toBe(2);
  });

  it('takes the next spin at once when the landing is reported', async () => {
    const first = await spin();
    nowMs += 2_000;
    await landSpin(t.app, { cookie }, first.json());
    expect((await spin()).statusCode).toBe(201);
  });

  it('takes the next spin at once when the turning spin is voided', async () => {
    const first = await spin();
    const voided = await t.app.inject({
      method: 'POST',
      url: `/api/admin/wheels/default/draws/${first.json<{ id: string }>().id}/void`,
      headers: { cookie },
      payload: { reason: 'pressed by mistake' },
    });
    expect(voided.statusCode).toBe(200);
    expect((await spin()).statusCode).toBe(201);
  });

  it('holds only the wheel that turns', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels',
      headers: { cookie },
      payload: { slug: 'second', title: 'Second' },
    });
    expect(created.statusCode, created.body).toBe(201);
    await publishEntries(t, cookie, 'second', sampleEntries(3));
    expect((await spin()).statusCode).toBe(201);
    expect((await spin({ cookie }, 'second')).statusCode).toBe(201);
  });

  it('answers 429 rate_limited beyond the spin requests a presenter key may make per minute', async () => {
    const key = await createPresenterKey('stage');
    const otherKey = await createPresenterKey('lobby');
    expect((await spin({ 'x-presenter-key': key })).statusCode).toBe(201);
    for (let i = 1; i < SPIN_REQUESTS_PER_MINUTE_MAX; i++) {
      nowMs += 100;
      expect((await spin({ 'x-presenter-key': key })).statusCode).toBe(409);
    }
    const limited = await spin({ 'x-presenter-key': key });
    expect(limited.statusCode).toBe(429);
    const retryAfterMs = SPIN_RATE_WINDOW_MS - 100 * (SPIN_REQUESTS_PER_MINUTE_MAX - 1);
    expect(limited.json()).toMatchObject({ error: { code: 'rate_limited' }, retryAfterMs });
    expect(limited.headers['retry-after']).toBe(String(Math.ceil(retryAfterMs / 1000)));
    expect(limited.body).not.toContain(key);
    // Another presenter is not limited by this one: it meets the turning wheel, not the limit.
    expect((await spin({ 'x-presenter-key': otherKey })).json().error.code).toBe('spin_in_progress');
    nowMs += retryAfterMs;
    expect((await spin({ 'x-presenter-key': key })).statusCode).toBe(201);
  });
});

async function createPresenterKey(label: string): Promise<string> {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/admin/wheels/default/presenter-keys',
    headers: { cookie },
    payload: { label },
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.json<{ key: string }>().key;
}
