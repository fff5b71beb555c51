import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createAdminToken,
  createTestApp,
  TEST_ADMIN_PASSWORD,
  type TestApp,
} from '../../../test-support/test-app.ts';
import { KNOWN_DEVICE_COOKIE } from '../../../services/known-device.ts';
import { FREE_FAILURES_PER_USER } from '../../../services/login-throttle.ts';
import { SCRYPT_BUSY_RETRY_AFTER_MS, SCRYPT_CONCURRENCY_MAX } from '../../../services/sign-in.ts';

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

/** A sign-in from `remoteAddress`, with the cookies given (e.g. the known-device cookie). */
const signInFrom = (remoteAddress: string, username: string, password: string, cookie?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/admin/session',
    payload: { username, password },
    remoteAddress,
    ...(cookie === undefined ? {} : { headers: { cookie } }),
  });

/** The known-device cookie a successful sign-in set, as a Cookie header value. */
function deviceCookieOf(response: Awaited<ReturnType<typeof signInFrom>>): string {
  const device = response.cookies.find((c) => c.name === KNOWN_DEVICE_COOKIE);
  if (!device) throw new Error('no known-device cookie');
  return `${KNOWN_DEVICE_COOKIE}=${device.value}`;
}

/** Wrong passwords for admin from many addresses (each below its own limit) until the account is slowed down. */
async function floodAdminFromStrangers(): Promise<void> {
  for (let i = 0; i < 2 * FREE_FAILURES_PER_USER; i++)
    await signInFrom(`198.51.100.${i}`, 'admin', `guess-${i}`);
  // The account is now slowed down for anyone without a known device, even with the right password.
  const stranger = await signInFrom('203.0.113.99', 'admin', TEST_ADMIN_PASSWORD);
  expect(stranger.statusCode).toBe(429);
}

describe('POST /api/admin/session (flooding)', () => {
  it('answers 429 too_many_attempts to all but the allowed few of 50 parallel wrong guesses', async () => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => signInFrom('198.51.100.7', 'admin', `guess-${i}`)),
    );
    const tried = answers.filter((answer) => answer.statusCode === 401);
    const refused = answers.filter((answer) => answer.statusCode === 429);
    // Counted before the first await: parallel guesses cannot all pass the check.
    expect(tried.length).toBeLessThanOrEqual(FREE_FAILURES_PER_USER);
    expect(tried.length + refused.length).toBe(50);
    expect(refused[0]!.json()).toMatchObject({ error: { code: 'too_many_attempts' } });
    expect(refused[0]!.json().retryAfterMs).toBeGreaterThan(0);
    expect(refused[0]!.headers['retry-after']).toBeDefined();
  });

  it(`answers 429 too_many_attempts beyond ${SCRYPT_CONCURRENCY_MAX} password hashes in flight`, async () => {
    // Different addresses and made-up accounts: no throttle applies, only the cap on hashing.
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => signInFrom(`198.51.100.${i}`, `nobody-${i}`, 'guess')),
    );
    const refused = answers.filter((answer) => answer.statusCode === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.json()).toMatchObject({
      error: { code: 'too_many_attempts' },
      retryAfterMs: SCRYPT_BUSY_RETRY_AFTER_MS,
    });
    expect(answers.filter((answer) => answer.statusCode === 401).length).toBeGreaterThanOrEqual(
      SCRYPT_CONCURRENCY_MAX,
    );
  });

  it('lets the organizer sign in at once from a known device while strangers flood the account', async () => {
    const first = await signInFrom('192.0.2.10', 'admin', TEST_ADMIN_PASSWORD);
    expect(first.statusCode).toBe(200);
    expect(first.cookies.find((c) => c.name === KNOWN_DEVICE_COOKIE)).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
      path: '/api/admin/session',
      maxAge: 365 * 24 * 60 * 60,
    });
    await floodAdminFromStrangers();
    // Even from an address the flood also used: the device is what is known.
    const organizer = await signInFrom('198.51.100.0', 'admin', TEST_ADMIN_PASSWORD, deviceCookieOf(first));
    expect(organizer.statusCode).toBe(200);
    expect(organizer.json()).toEqual({ user: { username: 'admin', role: 'admin' } });
    // Signing in from the known device does not lift the delay the strangers caused.
    expect((await signInFrom('203.0.113.98', 'admin', TEST_ADMIN_PASSWORD)).statusCode).toBe(429);
  });

  it('treats a forged or foreign known-device cookie as a stranger', async () => {
    const first = await signInFrom('192.0.2.10', 'admin', TEST_ADMIN_PASSWORD);
    const genuine = deviceCookieOf(first);
    await floodAdminFromStrangers();
    const forged = genuine.replace(/\.[\w-]{43}$/, `.${'A'.repeat(43)}`);
    expect(forged).not.toBe(genuine);
    expect((await signInFrom('192.0.2.11', 'admin', TEST_ADMIN_PASSWORD, forged)).statusCode).toBe(429);
  });

  it('writes no audit entry for a failed sign-in of a username that does not exist', async () => {
    const before = (await t.app.store.listAuditEvents()).length;
    expect((await signInFrom('192.0.2.20', 'no-such-user', 'guess')).statusCode).toBe(401);
    expect(await t.app.store.listAuditEvents()).toHaveLength(before);
    // A failure for a real account is still audited.
    expect((await signInFrom('192.0.2.20', 'admin', 'wrong')).statusCode).toBe(401);
    expect((await t.app.store.listAuditEvents()).at(-1)).toMatchObject({
      action: 'login_failed',
      actor: 'admin',
    });
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
