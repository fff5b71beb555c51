// Request safety: the CSRF origin check, security headers with a strict CSP, body limits, and the
// OpenAPI description; then every admin route from that description, without credentials (401)
// and with a presenter's session (403).
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLoggerOptions, redactUrl } from './plugins/request-log.ts';
import { hashPassword } from './services/secrets.ts';
import {
  createAdminToken,
  createTestApp,
  TEST_ADMIN_PASSWORD,
  type TestApp,
} from './test-support/test-app.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const SIGN_IN = { username: 'admin', password: TEST_ADMIN_PASSWORD };

describe('state-changing requests (CSRF)', () => {
  it('refuse a foreign Origin with 403 bad_origin, accept the own and the allowed ones', async () => {
    t = await createTestApp({ config: { allowedOrigins: ['https://kiosk.example.org'] } });
    const cookie = await t.signIn();
    const createWheel = (headers: Record<string, string>, slug: string) =>
      t!.app.inject({
        method: 'POST',
        url: '/api/admin/wheels',
        headers: { cookie, host: 'wheel.local:8080', ...headers },
        payload: { slug, title: slug },
      });
    const foreign = await createWheel({ origin: 'https://evil.example' }, 'a');
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.code).toBe('bad_origin');
    expect((await createWheel({ origin: 'null' }, 'b')).statusCode).toBe(403);
    expect((await createWheel({ origin: 'http://wheel.local:8080' }, 'c')).statusCode).toBe(201);
    expect((await createWheel({ origin: 'https://kiosk.example.org' }, 'd')).statusCode).toBe(201);
    // No Origin: refused only when the browser says the request is cross-site.
    expect((await createWheel({ 'sec-fetch-site': 'cross-site' }, 'e')).statusCode).toBe(403);
    expect((await createWheel({ 'sec-fetch-site': 'same-origin' }, 'f')).statusCode).toBe(201);
    expect((await createWheel({}, 'g')).statusCode).toBe(201);
    // A sign-in from a foreign page is refused as well (login CSRF).
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/admin/session',
      headers: { origin: 'https://evil.example' },
      payload: SIGN_IN,
    });
    expect(login.statusCode).toBe(403);
    // Reading is not a state change.
    const read = await t.app.inject({
      method: 'GET',
      url: '/api/admin/wheels',
      headers: { cookie, origin: 'https://evil.example' },
    });
    expect(read.statusCode).toBe(200);
  });

  it('exempt bearer-token requests (a browser never adds that header cross-site)', async () => {
    t = await createTestApp();
    const token = await createAdminToken(t, 'ci');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels',
      headers: { authorization: `Bearer ${token}`, origin: 'https://ci.example' },
      payload: { slug: 'ci', title: 'CI' },
    });
    expect(response.statusCode).toBe(201);
  });
});

describe('security headers', () => {
  it('send a strict CSP (no inline script, confetti worker, configurable frame-ancestors)', async () => {
    t = await createTestApp({ config: { frameAncestors: ["'self'", 'https://signage.example.org'] } });
    const response = await t.app.inject({ method: 'GET', url: '/healthz' });
    const csp = String(response.headers['content-security-policy']);
    const directives = Object.fromEntries(
      csp.split(';').map((part) => {
        const [name = '', ...values] = part.trim().split(/\s+/);
        return [name, values.join(' ')];
      }),
    );
    expect(directives['default-src']).toBe("'self'");
    expect(directives['script-src']).toBe("'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(directives['worker-src']).toBe("'self' blob:");
    expect(directives['img-src']).toBe("'self' data: blob:");
    expect(directives['frame-ancestors']).toBe("'self' https://signage.example.org");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBeUndefined();
    await t.close();

    t = await createTestApp();
    const byDefault = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(String(byDefault.headers['content-security-policy'])).toContain("frame-ancestors 'self'");
    expect(byDefault.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('are the same on every answer: a display poll, a 404, a refused request', async () => {
    t = await createTestApp();
    const answers = [
      await t.app.inject({ method: 'GET', url: '/healthz' }),
      await t.app.inject({ method: 'GET', url: '/api/wheels/default/snapshot?currentVersion=0' }),
      await t.app.inject({ method: 'GET', url: '/api/nothing-here' }),
      await t.app.inject({
        method: 'POST',
        url: '/api/admin/wheels',
        headers: { origin: 'https://evil.example' },
        payload: {},
      }),
    ];
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 404, 404, 403]);
    const [reference, ...others] = answers.map((answer) => ({
      csp: answer.headers['content-security-policy'],
      nosniff: answer.headers['x-content-type-options'],
      frames: answer.headers['x-frame-options'],
      referrer: answer.headers['referrer-policy'],
      opener: answer.headers['cross-origin-opener-policy'],
    }));
    expect(reference?.csp).toContain("default-src 'self'");
    expect(reference?.referrer).toBe('no-referrer');
    for (const headers of others) expect(headers).toEqual(reference);
  });
});

describe('addresses the router refuses', () => {
  it('are answered 400 invalid_request in the error shape, with the security headers, not echoed', async () => {
    t = await createTestApp();
    const reference = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    const overlong = 'a'.repeat(3000);
    for (const url of [
      `/api/wheels/${overlong}/certificate`,
      '/api/wheels/%zz/certificate',
      `/results/${overlong}`,
    ]) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(400);
      expect(response.json(), url).toEqual({
        error: { code: 'invalid_request', message: expect.any(String) },
      });
      expect(response.body).not.toContain(overlong);
      expect(response.headers['content-security-policy'], url).toBe(
        reference.headers['content-security-policy'],
      );
    }
  });
});

describe('query strings', () => {
  it('are refused with unknown parameters on every API route', async () => {
    t = await createTestApp();
    const cookie = await t.signIn();
    for (const url of [
      '/api/admin/wheels?debug=1',
      '/api/admin/wheels/default/plan?all=true',
      '/api/admin/wheels/default/draws?format=csv&extra=1',
      '/api/wheels/default/snapshot?currentVersion=1&x=2',
      '/api/wheels/default/presenter?admin=1',
      '/api/admin/audit?verbose=1',
    ]) {
      const response = await t.app.inject({ method: 'GET', url, headers: { cookie } });
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.code).toBe('invalid_request');
    }
    const withKey = await t.app.inject({ method: 'GET', url: '/api/wheels/default/presenter?key=abc' });
    expect(withKey.statusCode).toBe(200);
  });
});

describe('body limits', () => {
  it('refuse JSON bodies over 1 MB with 413 payload_too_large', async () => {
    t = await createTestApp();
    const cookie = await t.signIn();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels',
      headers: { cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({ slug: 'big', title: 'x'.repeat(1024 * 1024 + 1) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
  });
});

interface OpenApi {
  paths: Record<string, Record<string, unknown>>;
}

/** Every operation of the description, with sample values for its path parameters. */
function operationsOf(description: OpenApi): Array<{ method: string; url: string; path: string }> {
  const operations = [];
  for (const [describedPath, methods] of Object.entries(description.paths)) {
    // A prefix's root route is described as `/api/admin/session/`; it answers without the slash too.
    const path = describedPath.length > 1 ? describedPath.replace(/\/$/, '') : describedPath;
    for (const method of Object.keys(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) =>
        name === 'slug' ? 'default' : name === 'version' ? '1' : 'sample-id',
      );
      operations.push({ method: method.toUpperCase(), url, path });
    }
  }
  return operations;
}

describe('GET /api/openapi.json and the unauthenticated sweep', () => {
  it('describes every route; every admin route refuses no credentials (401) and a presenter (403)', async () => {
    t = await createTestApp();
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const description = response.json() as OpenApi;
    const operations = operationsOf(description);
    const described = new Set(operations.map(({ method, path }) => `${method} ${path}`));
    for (const expected of [
      'GET /api/wheels/{slug}/snapshot',
      'GET /api/wheels/{slug}/events',
      'POST /api/wheels/{slug}/spins',
      'POST /api/admin/session',
      'POST /api/admin/wheels/{slug}/publish',
      'PUT /api/admin/wheels/{slug}/plan',
      'PUT /api/admin/wheels/{slug}/appearance',
      'GET /api/wheels/{slug}/appearance',
      'GET /api/wheels/{slug}/logo/{sha256}',
      'POST /api/admin/wheels/{slug}/presenter-keys',
      'DELETE /api/admin/wheels/{slug}/presenter-keys/{id}',
      'GET /healthz',
      'GET /metrics',
    ]) {
      expect(described).toContain(expected);
    }

    const signInBody = (
      description.paths['/api/admin/session/'] as {
        post: { requestBody: { content: { 'application/json': { schema: unknown } } } };
      }
    ).post.requestBody.content['application/json'].schema;
    expect(signInBody).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['username', 'password'],
    });

    await t.app.store.createUser(
      { username: 'stage', role: 'presenter', passwordHash: await hashPassword('stage password 1') },
      { actor: 'test', action: 'create_user', wheel: null, details: {} },
    );
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/admin/session',
      payload: { username: 'stage', password: 'stage password 1' },
    });
    const presenterCookie = `prizewheel_session=${signIn.cookies[0]!.value}`;

    const adminOperations = operations.filter(({ path }) => path.startsWith('/api/admin/'));
    expect(adminOperations.length).toBeGreaterThanOrEqual(15);
    const sessionRoutes = new Set(['GET /api/admin/session', 'DELETE /api/admin/session']);
    for (const { method, url, path } of adminOperations) {
      if (method === 'POST' && path === '/api/admin/session') continue;
      const payload = method === 'GET' || method === 'DELETE' ? undefined : {};
      const anonymous = await t.app.inject({ method: method as 'GET', url, ...(payload ? { payload } : {}) });
      expect(anonymous.statusCode, `${method} ${url} without credentials`).toBe(401);
      if (sessionRoutes.has(`${method} ${path}`)) continue;
      const presenter = await t.app.inject({
        method: method as 'GET',
        url,
        headers: { cookie: presenterCookie },
        ...(payload ? { payload } : {}),
      });
      expect(presenter.statusCode, `${method} ${url} as a presenter`).toBe(403);
    }
  });
});

describe('GET /api/openapi.json (request bodies)', () => {
  it('documents the JSON body of every POST and PUT route (the multipart imports aside)', async () => {
    t = await createTestApp();
    const description = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as OpenApi;
    const undocumented = [];
    for (const [path, methods] of Object.entries(description.paths)) {
      for (const [method, operation] of Object.entries(
        methods as Record<string, { requestBody?: unknown }>,
      )) {
        if (
          !['post', 'put', 'patch'].includes(method) ||
          path.endsWith('/draft/import') ||
          path.endsWith('/draft/prizes/import')
        )
          continue;
        if (operation.requestBody === undefined) undocumented.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(undocumented).toEqual([]);
  });
});

describe('request logs', () => {
  it('never show a presenter key from the URL', () => {
    expect(redactUrl('/api/wheels/default/spins?key=s3cr3t')).toBe(
      '/api/wheels/default/spins?key=[redacted]',
    );
    expect(redactUrl('/wheel/default?diagnostics=1&key=s3cr3t#x')).toBe(
      '/wheel/default?diagnostics=1&key=[redacted]#x',
    );
    expect(redactUrl('/api/wheels/default/snapshot?currentVersion=3')).toBe(
      '/api/wheels/default/snapshot?currentVersion=3',
    );
  });
});

describe("request logs (the app's pino configuration)", () => {
  it('give every request an id and never show a password, cookie, bearer token or presenter key', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(
          ...chunk
            .toString()
            .split('\n')
            .filter((line) => line !== ''),
        );
        done();
      },
    });
    t = await createTestApp({ logger: { ...createLoggerOptions('info'), stream } });
    const { app } = t;
    const secrets = {
      wrongPassword: 'wrong-password-S3CRET1',
      presenterKey: 'presenter-key-S3CRET2',
      presenterHeader: 'presenter-header-S3CRET3',
      bearer: 'bearer-token-S3CRET4',
      cookie: 'session-cookie-S3CRET5',
    };
    const signIn = await app.inject({ method: 'POST', url: '/api/admin/session', payload: SIGN_IN });
    const sessionCookie = signIn.cookies[0]!.value;
    await app.inject({
      method: 'POST',
      url: '/api/admin/session',
      payload: { username: 'admin', password: secrets.wrongPassword },
    });
    await app.inject({ method: 'GET', url: `/api/wheels/default/presenter?key=${secrets.presenterKey}` });
    await app.inject({
      method: 'GET',
      url: '/api/wheels/default/presenter',
      headers: { 'x-presenter-key': secrets.presenterHeader },
    });
    await app.inject({
      method: 'GET',
      url: '/api/admin/wheels',
      headers: { authorization: `Bearer ${secrets.bearer}` },
    });
    await app.inject({
      method: 'GET',
      url: '/api/admin/wheels',
      headers: { cookie: `prizewheel_session=${secrets.cookie}` },
    });
    // Whatever code logs later: headers or a password field in a log object are censored too.
    app.log.warn(
      {
        headers: { authorization: `Bearer ${secrets.bearer}`, cookie: secrets.cookie },
        password: secrets.wrongPassword,
      },
      'something logged carelessly',
    );

    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const text = lines.join('\n');
    for (const secret of [...Object.values(secrets), TEST_ADMIN_PASSWORD, sessionCookie])
      expect(text, secret).not.toContain(secret);
    expect(text).toContain('key=[redacted]');
    expect(text).toContain('sign-in failed');

    const requestLines = records.filter((record) => record.msg === 'incoming request');
    expect(requestLines.length).toBeGreaterThanOrEqual(6);
    const ids = requestLines.map((record) => record.reqId);
    expect(ids.every((id) => typeof id === 'string' && id !== '')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    // Random UUIDs, not a per-process counter: unique across restarts and instances.
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The completion line carries the same id as the request it ends.
    for (const record of records.filter((record) => record.msg === 'request completed'))
      expect(ids).toContain(record.reqId);
    // The answer names it too.
    expect(ids).toContain(signIn.headers['x-request-id']);
  });

  it('never show a presenter key, on answers 2xx, 401, 403, 404 and 500, however the URL spells it', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    t = await createTestApp({ logger: { ...createLoggerOptions('debug'), stream } });
    const { app } = t;
    const key = 'PresenterKeyS3CRETabc';
    const urls = [
      `/api/wheels/default/presenter?key=${key}`, // 200
      `/api/wheels/default/spins?key=${key}`, // 403 (no such key)
      `/api/wheels/default/spins?%6Bey=${key}`, // the same parameter, percent-encoded
      `/api/wheels/default/spins?KEY=${key}&key=${key}`,
      `/api/wheels/default/spins?x=1;key=${key}`,
      `/api/no-such-route?key=${key}`, // 404
      `/api/wheels/default/spins/some-spin/landed?key=${key}`,
    ];
    for (const url of urls) await app.inject({ method: 'POST', url, payload: { version: 1 } });
    await app.inject({ method: 'GET', url: `/api/wheels/default/presenter?key=${key}` });
    await app.inject({
      method: 'GET',
      url: '/api/wheels/default/presenter',
      headers: { 'x-presenter-key': key },
    });
    // A 500: the database is gone while the key is in the URL.
    await app.store.close();
    const failed = await app.inject({ method: 'GET', url: `/api/wheels/default/presenter?key=${key}` });
    expect(failed.statusCode).toBe(500);

    const text = lines.join('');
    expect(text).toContain('request failed');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(key);
    expect(text.toLowerCase()).not.toContain(key.toLowerCase());
  });

  it("keep a trusted proxy's X-Request-Id (nginx's $request_id), never a client's own", async () => {
    const nginxId = '0123456789abcdef0123456789abcdef';
    const idOf = async (app: TestApp['app'], given: string) =>
      (await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': given } })).headers[
        'x-request-id'
      ];

    t = await createTestApp({ config: { trustProxy: ['127.0.0.1'] } });
    expect(await idOf(t.app, nginxId)).toBe(nginxId);
    const malformed = await idOf(t.app, 'two words\n{"level":60}');
    expect(malformed).not.toContain('words');
    expect(malformed).toMatch(/^[0-9a-f-]{36}$/);
    await t.close();

    t = await createTestApp({ config: { trustProxy: false } });
    expect(await idOf(t.app, nginxId)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
