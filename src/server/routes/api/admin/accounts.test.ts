// Accounts and roles over HTTP: presenter accounts, per-account sign-in delays, failed sign-ins
// logged and counted, session expiry and revocation, the Secure cookie behind a TLS proxy.
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../services/secrets.ts';
import { FREE_FAILURES_PER_USER } from '../../../services/login-throttle.ts';
import {
  createTestApp,
  publishEntries,
  sampleEntries,
  TEST_ADMIN_PASSWORD,
  type TestApp,
} from '../../../test-support/test-app.ts';

const PRESENTER_PASSWORD = 'stage presenter password';
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** The presenter account `stage`, granted these wheels. */
async function addPresenter(app: TestApp, wheels = ['default']): Promise<void> {
  await app.app.store.createUser(
    { username: 'stage', role: 'presenter', passwordHash: await hashPassword(PRESENTER_PASSWORD) },
    { actor: 'test', action: 'create_user', wheel: null, details: {} },
  );
  await app.app.store.setPresenterWheels('stage', wheels, {
    actor: 'test',
    action: 'grant_wheels',
    wheel: null,
    details: {},
  });
}

async function signIn(app: TestApp, username: string, password: string, remoteAddress = '127.0.0.1') {
  return app.app.inject({
    method: 'POST',
    url: '/api/admin/session',
    payload: { username, password },
    remoteAddress,
  });
}

function cookieOf(response: { cookies: Array<{ name: string; value: string }> }): string {
  const cookie = response.cookies.find((c) => c.name === 'prizewheel_session');
  if (!cookie) throw new Error('no session cookie');
  return `prizewheel_session=${cookie.value}`;
}

describe('a presenter account', () => {
  it('may spin and land and see its session, and nothing else under /api/admin', async () => {
    t = await createTestApp();
    await addPresenter(t);
    const version = await publishEntries(t, await t.signIn(), 'default', sampleEntries(5));
    const signedIn = await signIn(t, 'stage', PRESENTER_PASSWORD);
    expect(signedIn.json()).toEqual({ user: { username: 'stage', role: 'presenter' } });
    const cookie = cookieOf(signedIn);
    const get = (url: string) => t!.app.inject({ method: 'GET', url, headers: { cookie } });

    expect((await get('/api/admin/session')).statusCode).toBe(200);
    expect((await get('/api/wheels/default/presenter')).json()).toEqual({ canSpin: true });
    const spin = await t.app.inject({
      method: 'POST',
      url: '/api/wheels/default/spins',
      headers: { cookie },
      payload: { version },
    });
    expect(spin.statusCode).toBe(201);
    const landed = await t.app.inject({
      method: 'POST',
      url: `/api/wheels/default/spins/${spin.json().id}/landed`,
      headers: { cookie },
      payload: { landedIndex: spin.json().targetIndex, durationMs: 11_000 },
    });
    expect(landed.statusCode).toBe(204);

    for (const url of [
      '/api/admin/wheels',
      '/api/admin/wheels/default/draft',
      '/api/admin/wheels/default/plan',
    ]) {
      const response = await get(url);
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('forbidden');
    }
    const publish = await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels/default/publish',
      headers: { cookie },
      payload: {},
    });
    expect(publish.statusCode).toBe(403);

    const signOut = await t.app.inject({ method: 'DELETE', url: '/api/admin/session', headers: { cookie } });
    expect(signOut.statusCode).toBe(204);
    expect((await get('/api/admin/session')).statusCode).toBe(401);
  });
});

describe('POST /api/wheels/:slug/spins', () => {
  it('answers 403 to a presenter account on a wheel it is not granted, until an admin grants it', async () => {
    t = await createTestApp();
    const admin = await t.signIn();
    await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels',
      headers: { cookie: admin },
      payload: { slug: 'gala', title: 'Gala' },
    });
    await addPresenter(t, ['default']);
    const galaVersion = await publishEntries(t, admin, 'gala', sampleEntries(5));
    const cookie = cookieOf(await signIn(t, 'stage', PRESENTER_PASSWORD));
    const spinGala = () =>
      t!.app.inject({
        method: 'POST',
        url: '/api/wheels/gala/spins',
        headers: { cookie },
        payload: { version: galaVersion },
      });

    const refused = await spinGala();
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('gala'),
    });
    expect(await t.app.store.listDraws('gala')).toEqual([]);
    const rights = await t.app.inject({ url: '/api/wheels/gala/presenter', headers: { cookie } });
    expect(rights.json()).toEqual({ canSpin: false });
    const adminSpin = await t.app.inject({
      method: 'POST',
      url: '/api/wheels/gala/spins',
      headers: { cookie: admin },
      payload: { version: galaVersion },
    });
    const landed = await t.app.inject({
      method: 'POST',
      url: `/api/wheels/gala/spins/${adminSpin.json().id}/landed`,
      headers: { cookie },
      payload: { landedIndex: adminSpin.json().targetIndex, durationMs: 11_000 },
    });
    expect(landed.statusCode).toBe(403);
    // The admin reports that landing: the wheel is free for the next spin (one spin at a time).
    const landedByAdmin = await t.app.inject({
      method: 'POST',
      url: `/api/wheels/gala/spins/${adminSpin.json().id}/landed`,
      headers: { cookie: admin },
      payload: { landedIndex: adminSpin.json().targetIndex, durationMs: 11_000 },
    });
    expect(landedByAdmin.statusCode).toBe(204);

    const grant = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/users/stage/wheels',
      headers: { cookie: admin },
      payload: { wheels: ['default', 'gala'] },
    });
    expect(grant.json()).toEqual({ username: 'stage', wheels: ['default', 'gala'] });
    const nextVersion = (await t.app.inject({ url: '/api/wheels/gala/snapshot' })).json().version;
    const allowed = await t.app.inject({
      method: 'POST',
      url: '/api/wheels/gala/spins',
      headers: { cookie },
      payload: { version: nextVersion },
    });
    expect(allowed.statusCode).toBe(201);
  });
});

describe('PUT /api/admin/users/:name/wheels', () => {
  it('refuses an unknown wheel or user, and an admin account, changing nothing', async () => {
    t = await createTestApp();
    const admin = await t.signIn();
    await addPresenter(t, ['default']);
    const put = (name: string, wheels: string[]) =>
      t!.app.inject({
        method: 'PUT',
        url: `/api/admin/users/${name}/wheels`,
        headers: { cookie: admin },
        payload: { wheels },
      });
    const unknownWheel = await put('stage', ['nope']);
    expect(unknownWheel.statusCode).toBe(404);
    expect(unknownWheel.json().error.code).toBe('wheel_not_found');
    expect((await put('nobody', ['default'])).statusCode).toBe(404);
    expect((await put('admin', ['default'])).json().error.code).toBe('invalid_request');
    const listed = await t.app.inject({ url: '/api/admin/users/stage/wheels', headers: { cookie: admin } });
    expect(listed.json()).toEqual({ username: 'stage', wheels: ['default'] });
  });
});

describe('sessions', () => {
  it('expire after 12 h and end when the password changes or the user is removed', async () => {
    let now = new Date('2026-11-28T12:00:00.000Z').getTime();
    t = await createTestApp({ clock: () => new Date(now) });
    await addPresenter(t);
    const session = async () => cookieOf(await signIn(t!, 'stage', PRESENTER_PASSWORD));
    const status = async (cookie: string) =>
      (await t!.app.inject({ method: 'GET', url: '/api/admin/session', headers: { cookie } })).statusCode;

    const expiring = await session();
    now += 12 * 60 * 60 * 1000 - 1;
    expect(await status(expiring)).toBe(200);
    now += 1;
    expect(await status(expiring)).toBe(401);

    const beforePasswordChange = await session();
    const audit = { actor: 'test', action: 'passwd', wheel: null, details: {} };
    await t.app.store.setUserPassword('stage', await hashPassword('a new password'), audit);
    expect(await status(beforePasswordChange)).toBe(401);

    const beforeRemoval = cookieOf(await signIn(t, 'stage', 'a new password'));
    await t.app.store.deleteUser('stage', { ...audit, action: 'remove_user' });
    expect(await status(beforeRemoval)).toBe(401);
  });

  it('get the Secure flag when TRUST_PROXY is set and the proxy says HTTPS, not over plain HTTP', async () => {
    t = await createTestApp({ config: { trustProxy: true } });
    const payload = { username: 'admin', password: TEST_ADMIN_PASSWORD };
    const overHttps = await t.app.inject({
      method: 'POST',
      url: '/api/admin/session',
      payload,
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(overHttps.cookies[0]).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' });
    const overHttp = await t.app.inject({ method: 'POST', url: '/api/admin/session', payload });
    expect(overHttp.cookies[0]?.secure).toBeUndefined();
    await t.close();

    t = await createTestApp();
    const untrusted = await t.app.inject({
      method: 'POST',
      url: '/api/admin/session',
      payload,
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(untrusted.cookies[0]?.secure).toBeUndefined();
  });
});

describe('failed sign-ins', () => {
  it('slow down one account from every address, and are logged (without the password) and counted', async () => {
    let now = new Date('2026-11-28T12:00:00.000Z').getTime();
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    t = await createTestApp({ clock: () => new Date(now), logger: { level: 'warn', stream } });
    for (let i = 0; i < FREE_FAILURES_PER_USER; i++) {
      const response = await signIn(t, 'admin', 'secret-guess-password', `10.0.0.${i + 1}`);
      expect(response.statusCode).toBe(401);
    }
    // The right password from yet another address must wait too: the account is what is guessed.
    const throttled = await signIn(t, 'admin', TEST_ADMIN_PASSWORD, '10.0.0.99');
    expect(throttled.statusCode).toBe(429);
    expect(throttled.headers['retry-after']).toBe('1');
    now += 1_000;
    expect((await signIn(t, 'admin', TEST_ADMIN_PASSWORD, '10.0.0.99')).statusCode).toBe(200);

    const failures = lines.filter((line) => line.includes('sign-in failed'));
    expect(failures).toHaveLength(FREE_FAILURES_PER_USER);
    expect(failures[0]).toContain('"username":"admin"');
    expect(lines.join('')).not.toContain('secret-guess-password');
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(
      new RegExp(`^prizewheel_failed_logins_total ${FREE_FAILURES_PER_USER + 1}$`, 'm'),
    );
  });
});
