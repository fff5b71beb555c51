import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createAdminToken,
  createTestApp,
  TEST_ADMIN_PASSWORD,
  type TestApp,
} from '../../../test-support/test-app.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

describe('POST /api/admin/session', () => {
  it('signs in with a session cookie: HttpOnly, SameSite=Strict, Path=/, 12 h', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/admin/session',
      payload: { username: 'admin', password: TEST_ADMIN_PASSWORD },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ user: { username: 'admin', role: 'admin' } });
    const cookie = response.cookies.find((c) => c.name === 'prizewheel_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/', maxAge: 43_200 });
  });

  it('returns 401 invalid_credentials for a wrong password or an unknown user', async () => {
    for (const payload of [
      { username: 'admin', password: 'wrong' },
      { username: 'nobody', password: TEST_ADMIN_PASSWORD },
    ]) {
      const response = await t.app.inject({ method: 'POST', url: '/api/admin/session', payload });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('invalid_credentials');
    }
  });
});

describe('POST /api/admin/session (throttled)', () => {
  it('returns 429 too_many_attempts after repeated failures, and only failures count', async () => {
    for (let i = 0; i < 3; i++) await t.signIn();
    // Different usernames: the per-address throttle, not the per-account delay.
    for (let i = 0; i < 10; i++) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/admin/session',
        payload: { username: `guess-${i}`, password: 'guess' },
      });
      expect(response.statusCode).toBe(401);
    }
    const blocked = await t.app.inject({
      method: 'POST',
      url: '/api/admin/session',
      payload: { username: 'admin', password: TEST_ADMIN_PASSWORD },
    });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('too_many_attempts');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('GET /api/admin/session', () => {
  it('answers the user with a session and 401 without', async () => {
    const cookie = await t.signIn();
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/admin/session', headers: { cookie } })).json(),
    ).toEqual({ user: { username: 'admin', role: 'admin' } });
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/session' })).statusCode).toBe(401);
  });

  it('accepts an API token as Authorization: Bearer', async () => {
    const token = await createAdminToken(t);
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/admin/wheels',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(200);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/admin/wheels',
          headers: { authorization: 'Bearer nope' },
        })
      ).statusCode,
    ).toBe(401);
  });
});

describe('DELETE /api/admin/session', () => {
  it('revokes the session', async () => {
    const cookie = await t.signIn();
    expect(
      (await t.app.inject({ method: 'DELETE', url: '/api/admin/session', headers: { cookie } })).statusCode,
    ).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/admin/session', headers: { cookie } })).statusCode,
    ).toBe(401);
  });

  it('audits sign-in and sign-out', async () => {
    const cookie = await t.signIn();
    await t.app.inject({ method: 'DELETE', url: '/api/admin/session', headers: { cookie } });
    const actions = (await t.app.store.listAuditEvents()).map((event) => event.action);
    expect(actions).toEqual(expect.arrayContaining(['login', 'logout']));
  });
});
