import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOGO_MAX_BYTES } from '../../../../core/index.ts';
import type { WheelEvent } from '../../../events.ts';
import { makeSolidPng } from '../../../test-support/test-images.ts';
import { createTestApp, type TestApp } from '../../../test-support/test-app.ts';

let t: TestApp;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp();
  cookie = await t.signIn();
});
afterEach(async () => {
  await t.close();
});

const png = makeSolidPng(8, [200, 30, 30]);
const pngHash = createHash('sha256').update(png).digest('hex');

function putAppearance(body: unknown, slug = 'default') {
  return t.app.inject({
    method: 'PUT',
    url: `/api/admin/wheels/${slug}/appearance`,
    headers: { cookie },
    payload: body as object,
  });
}

async function publicAppearance(slug = 'default') {
  return (await t.app.inject({ method: 'GET', url: `/api/wheels/${slug}/appearance` })).json() as unknown;
}

describe('PUT /api/admin/wheels/:slug/appearance', () => {
  it('sets the title (trimmed), the logo and the policy; displays read them and hear an event', async () => {
    const events: WheelEvent[] = [];
    t.app.events.subscribe('default', (event) => events.push(event));
    expect(await publicAppearance()).toEqual({ title: '', logoUrl: null, offlineSpins: 'allow' });

    const response = await putAppearance({
      title: '  Spring Gala  ',
      offlineSpins: 'refuse',
      logo: png.toString('base64'),
    });
    expect(response.statusCode).toBe(200);
    const logoUrl = `/api/wheels/default/logo/${pngHash}`;
    expect(response.json()).toMatchObject({
      title: 'Spring Gala',
      logoUrl,
      offlineSpins: 'refuse',
      logo: { url: logoUrl, contentType: 'image/png', bytes: png.length },
    });
    expect(await publicAppearance()).toEqual({ title: 'Spring Gala', logoUrl, offlineSpins: 'refuse' });
    expect(events).toEqual([
      { type: 'appearance', data: { title: 'Spring Gala', logoUrl, offlineSpins: 'refuse' } },
    ]);

    const audit = (await t.app.store.listAuditEvents()).at(-1);
    expect(audit).toMatchObject({ actor: 'admin', action: 'appearance', wheel: 'default' });

    // A partial change keeps the rest; null removes the logo.
    const removed = await putAppearance({ logo: null });
    expect(removed.json()).toMatchObject({ title: 'Spring Gala', logoUrl: null, offlineSpins: 'refuse' });
    expect((await t.app.inject({ method: 'GET', url: logoUrl })).statusCode).toBe(404);
  });

  it.each([
    ['a GIF (wrong magic bytes)', Buffer.from('GIF89a\x01\x00\x01\x00'), 415, /not a PNG, JPEG or WebP/],
    [
      'an SVG (it can carry script)',
      Buffer.from(
        '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      ),
      415,
      /SVG is not accepted/,
    ],
    ['a PNG over the size limit', makeSolidPng(4, [0, 0, 0], LOGO_MAX_BYTES), 413, /over the 512 KB limit/],
  ])('refuses %s with a clear error and changes nothing', async (_name, bytes, status, message) => {
    await putAppearance({ title: 'Before', logo: png.toString('base64') });
    const eventsBefore: WheelEvent[] = [];
    t.app.events.subscribe('default', (event) => eventsBefore.push(event));
    const auditBefore = (await t.app.store.listAuditEvents()).length;

    const response = await putAppearance({ title: 'After', logo: bytes.toString('base64') });
    expect(response.statusCode).toBe(status);
    expect(response.json().error.message).toMatch(message);
    expect(await publicAppearance()).toEqual({
      title: 'Before',
      logoUrl: `/api/wheels/default/logo/${pngHash}`,
      offlineSpins: 'allow',
    });
    expect(await t.app.store.listAuditEvents()).toHaveLength(auditBefore);
    expect(eventsBefore).toEqual([]);
  });

  it('refuses a long title, an unknown policy, non-base64 and unknown fields with 400', async () => {
    for (const body of [
      { title: 'x'.repeat(121) },
      { offlineSpins: 'sometimes' },
      { logo: 'not base64!' },
      { colour: 'red' },
    ]) {
      const response = await putAppearance(body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.code).toBe('invalid_request');
    }
    expect((await putAppearance({ title: ` ${'x'.repeat(120)} ` })).statusCode).toBe(200);
  });

  it('answers 404 wheel_not_found for an unknown wheel, and 401 without a session', async () => {
    const unknown = await putAppearance({ title: 'x' }, 'nope');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('wheel_not_found');
    expect((await t.app.inject({ method: 'GET', url: '/api/wheels/nope/appearance' })).statusCode).toBe(404);
    const anonymous = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/wheels/default/appearance',
      payload: { title: 'x' },
    });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('GET /api/wheels/:slug/logo/:sha256', () => {
  it('serves the bytes with their sniffed type, immutable caching and nosniff; no credentials', async () => {
    await putAppearance({ logo: png.toString('base64') });
    const response = await t.app.inject({ method: 'GET', url: `/api/wheels/default/logo/${pngHash}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(response.rawPayload, png)).toBe(0);
    for (const url of [
      `/api/wheels/default/logo/${'0'.repeat(64)}`,
      '/api/wheels/default/logo/not-a-hash',
      `/api/wheels/other/logo/${pngHash}`,
    ]) {
      expect((await t.app.inject({ method: 'GET', url })).statusCode, url).toBe(404);
    }
  });
});
