import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DISPLAY_NAME_MAX_CHARACTERS } from '../../../../core/index.ts';
import { createTestApp, type TestApp } from '../../../test-support/test-app.ts';

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

const beat = (id: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/wheels/default/displays/heartbeat',
    payload: {
      id,
      version: null,
      state: 'idle',
      connection: 'online',
      fps: 60,
      heapMb: 12,
      lastSyncAt: null,
      userAgent: 'test',
      damagedSnapshots: 0,
    },
  });
const listDisplays = async (): Promise<Array<{ id: string; name?: string }>> =>
  (await t.app.inject({ method: 'GET', url: '/api/admin/displays', headers: { cookie } })).json().displays;
const nameDisplay = (id: string, name: unknown, headers: Record<string, string> = { cookie }) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/admin/displays/default/${id}/name`,
    headers,
    payload: { name },
  });
const forgetDisplay = (id: string) =>
  t.app.inject({ method: 'DELETE', url: `/api/admin/displays/default/${id}`, headers: { cookie } });

describe('PUT /api/admin/displays/:wheel/:id/name', () => {
  it('names a screen; the name survives its next heartbeat and an empty name removes it', async () => {
    expect((await beat('screen-1')).statusCode).toBe(204);
    expect((await nameDisplay('screen-1', '  Stage left ')).statusCode).toBe(204);
    nowMs += 15_000;
    expect((await beat('screen-1')).statusCode).toBe(204);
    expect(await listDisplays()).toEqual([expect.objectContaining({ id: 'screen-1', name: 'Stage left' })]);
    expect((await nameDisplay('screen-1', '')).statusCode).toBe(204);
    expect((await listDisplays())[0]).not.toHaveProperty('name');
  });

  it('returns 404 for an unknown screen, 400 for a name too long, 401 without a session', async () => {
    await beat('screen-1');
    expect((await nameDisplay('screen-2', 'Bar')).json().error.code).toBe('not_found');
    const tooLong = await nameDisplay('screen-1', 'x'.repeat(DISPLAY_NAME_MAX_CHARACTERS + 1));
    expect(tooLong.statusCode).toBe(400);
    expect((await nameDisplay('screen-1', 'Bar', {})).statusCode).toBe(401);
  });
});

describe('DELETE /api/admin/displays/:wheel/:id', () => {
  it('forgets a screen and its name; a screen that reports in again comes back unnamed', async () => {
    await beat('screen-1');
    await beat('screen-2');
    await nameDisplay('screen-1', 'Stage left');
    expect((await forgetDisplay('screen-1')).statusCode).toBe(204);
    expect((await listDisplays()).map((display) => display.id)).toEqual(['screen-2']);
    expect((await forgetDisplay('screen-1')).statusCode).toBe(404);
    await beat('screen-1');
    expect(await listDisplays()).toEqual([
      expect.not.objectContaining({ name: expect.anything() }),
      expect.objectContaining({ id: 'screen-2' }),
    ]);
  });
});
