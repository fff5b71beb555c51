import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, makeTempDir, type TestApp } from '../test-support/test-app.ts';

let t: TestApp | undefined;
let webRoot: string | undefined;
afterEach(async () => {
  await t?.close();
  if (webRoot) rmSync(webRoot, { recursive: true, force: true });
});

function buildFakeWebRoot(): string {
  const root = makeTempDir('prizewheel-web-');
  mkdirSync(join(root, 'display'));
  mkdirSync(join(root, 'admin'));
  mkdirSync(join(root, 'present'));
  mkdirSync(join(root, 'results'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'display/index.html'), '<title>display</title>');
  writeFileSync(join(root, 'admin/index.html'), '<title>admin</title>');
  writeFileSync(join(root, 'present/index.html'), '<title>present</title>');
  writeFileSync(join(root, 'results/index.html'), '<title>results</title>');
  writeFileSync(join(root, 'assets/app-1234.js'), 'console.log(1)');
  return root;
}

describe('GET /', () => {
  it('redirects to /wheel/default', async () => {
    t = await createTestApp({ webRoot: buildFakeWebRoot() });
    const response = await t.app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/wheel/default');
  });
});

describe('GET /present/:slug', () => {
  it("serves the presenter console with the pages' security headers, always revalidated", async () => {
    webRoot = buildFakeWebRoot();
    t = await createTestApp({ webRoot });
    const response = await t.app.inject({ method: 'GET', url: '/present/gala?key=abc' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('present');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
  });
});

describe('GET /results/:slug', () => {
  it("serves the public results page with the pages' strict CSP, always revalidated", async () => {
    webRoot = buildFakeWebRoot();
    t = await createTestApp({ webRoot });
    const response = await t.app.inject({ method: 'GET', url: '/results/gala' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('results');
    expect(response.headers['cache-control']).toBe('no-cache');
    const csp = response.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
  });
});

describe('GET /wheel/:slug, /admin/*, /assets/*', () => {
  it('serves the display page, the admin page and long-lived assets', async () => {
    webRoot = buildFakeWebRoot();
    t = await createTestApp({ webRoot });
    expect((await t.app.inject({ method: 'GET', url: '/wheel/gala' })).body).toContain('display');
    expect((await t.app.inject({ method: 'GET', url: '/admin' })).body).toContain('admin');
    expect((await t.app.inject({ method: 'GET', url: '/admin/wheels/default/draft' })).body).toContain(
      'admin',
    );
    const asset = await t.app.inject({ method: 'GET', url: '/assets/app-1234.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('answers 503 saying to run npm run build when the pages are not built', async () => {
    t = await createTestApp({ webRoot: join(makeTempDir(), 'missing') });
    const response = await t.app.inject({ method: 'GET', url: '/wheel/default' });
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('npm run build');
  });
});

describe('GET /sw.js, /display/index.html', () => {
  it("serves the wheel page's service worker, always revalidated, and the shell it precaches", async () => {
    webRoot = buildFakeWebRoot();
    writeFileSync(join(webRoot, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    t = await createTestApp({ webRoot });
    const worker = await t.app.inject({ method: 'GET', url: '/sw.js' });
    expect(worker.statusCode).toBe(200);
    expect(worker.headers['content-type']).toMatch(/javascript/);
    expect(worker.headers['cache-control']).toBe('no-cache');
    expect(worker.body).toContain('fetch');
    // The precache asks for the shell with a revision in the query.
    const shell = await t.app.inject({ method: 'GET', url: '/display/index.html?__WB_REVISION__=abc' });
    expect(shell.statusCode).toBe(200);
    expect(shell.headers['cache-control']).toBe('no-cache');
    expect(shell.body).toContain('display');
  });

  it('answers 404 for /sw.js when the build has no service worker', async () => {
    webRoot = buildFakeWebRoot();
    t = await createTestApp({ webRoot });
    const response = await t.app.inject({ method: 'GET', url: '/sw.js' });
    expect(response.statusCode).toBe(404);
  });
});

describe('GET /favicon.ico', () => {
  it('serves an icon for every page, so no browser logs a 404 for it', async () => {
    t = await createTestApp({ webRoot: buildFakeWebRoot() });
    const response = await t.app.inject({ method: 'GET', url: '/favicon.ico' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/x-icon');
    const body = response.rawPayload;
    // ICONDIR: reserved 0, type 1 (icon), one image of 32×32 at 32 bits, its bytes right after.
    expect([body.readUInt16LE(0), body.readUInt16LE(2), body.readUInt16LE(4)]).toEqual([0, 1, 1]);
    expect([body[6], body[7], body.readUInt16LE(12)]).toEqual([32, 32, 32]);
    expect(body.readUInt32LE(18) + body.readUInt32LE(14)).toBe(body.length);
  });
});
