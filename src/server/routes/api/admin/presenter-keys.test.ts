import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTestApp,
  keepWinners,
  publishEntries,
  sampleEntries,
  type TestApp,
} from '../../../test-support/test-app.ts';

let t: TestApp;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp();
  cookie = await t.signIn();
  await t.app.inject({
    method: 'POST',
    url: '/api/admin/wheels',
    headers: { cookie },
    payload: { slug: 'other', title: 'Other' },
  });
  await keepWinners(t, cookie);
  await keepWinners(t, cookie, 'other');
});
afterEach(async () => {
  await t.close();
});

async function createKey(slug: string, label: string) {
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/admin/wheels/${slug}/presenter-keys`,
    headers: { cookie },
    payload: { label },
  });
  expect(response.statusCode).toBe(201);
  return response.json() as { id: string; label: string; key: string; url: string; createdAt: string };
}

describe('POST /api/admin/wheels/:slug/presenter-keys with PUBLIC_URL', () => {
  it('builds the link on PUBLIC_URL', async () => {
    const other = await createTestApp({ config: { publicUrl: 'https://draw.example.org/gala' } });
    try {
      const otherCookie = await other.signIn();
      const response = await other.app.inject({
        method: 'POST',
        url: '/api/admin/wheels/default/presenter-keys',
        headers: { cookie: otherCookie },
        payload: { label: 'Phone' },
      });
      expect(response.statusCode).toBe(201);
      const created = response.json<{ key: string; url: string }>();
      expect(created.url).toBe(`https://draw.example.org/gala/wheel/default?key=${created.key}`);
    } finally {
      await other.close();
    }
  });
});

describe('POST /api/admin/wheels/:slug/presenter-keys', () => {
  it('creates a key shown once, lists it without the key, and audits it', async () => {
    const created = await createKey('default', 'Stage left');
    expect(created.key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The server listens on loopback only (the test config): the request's own address.
    expect(created.url).toBe(`http://localhost:80/wheel/default?key=${created.key}`);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/admin/wheels/default/presenter-keys',
      headers: { cookie },
    });
    expect(list.json()).toEqual({
      keys: [{ id: created.id, label: 'Stage left', createdAt: created.createdAt, createdBy: 'admin' }],
    });
    expect(list.body).not.toContain(created.key);
    const actions = (await t.app.store.listAuditEvents()).map((event) => event.action);
    expect(actions).toContain('create_presenter_key');
    expect(JSON.stringify(await t.app.store.listAuditEvents())).not.toContain(created.key);
  });

  it("builds the link on the request's LAN address, never on loopback for a browser elsewhere", async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels/default/presenter-keys',
      headers: { cookie, host: '192.168.1.20:8080', origin: 'http://192.168.1.20:8080' },
      payload: { label: 'Stage right' },
    });
    expect(response.statusCode).toBe(201);
    const created = response.json<{ key: string; url: string }>();
    expect(created.url).toBe(`http://192.168.1.20:8080/wheel/default?key=${created.key}`);
  });

  it('rejects unknown fields and unknown wheels', async () => {
    const extra = await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels/default/presenter-keys',
      headers: { cookie },
      payload: { label: 'x', key: 'chosen-by-me' },
    });
    expect(extra.statusCode).toBe(400);
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels/nope/presenter-keys',
      headers: { cookie },
      payload: { label: 'x' },
    });
    expect(missing.statusCode).toBe(404);
  });
});

describe('a presenter key', () => {
  it('lets a page spin its own wheel only (query or header), until it is revoked', async () => {
    const version = await publishEntries(t, cookie, 'default', sampleEntries(4));
    await publishEntries(t, cookie, 'other', sampleEntries(4));
    const { id, key } = await createKey('default', 'Kiosk');
    const rights = async (slug: string, query: string) =>
      (await t.app.inject({ method: 'GET', url: `/api/wheels/${slug}/presenter${query}` })).json();
    expect(await rights('default', '')).toEqual({ canSpin: false });
    expect(await rights('default', `?key=${key}`)).toEqual({ canSpin: true });
    expect(await rights('other', `?key=${key}`)).toEqual({ canSpin: false });
    expect(await rights('default', '?key=forged')).toEqual({ canSpin: false });

    const spinWith = (slug: string, options: { query?: string; header?: string }, v = version) =>
      t.app.inject({
        method: 'POST',
        url: `/api/wheels/${slug}/spins${options.query ?? ''}`,
        headers: options.header ? { 'x-presenter-key': options.header } : {},
        payload: { version: v },
      });
    const byQuery = await spinWith('default', { query: `?key=${key}` });
    expect(byQuery.statusCode).toBe(201);
    const landed = await t.app.inject({
      method: 'POST',
      url: `/api/wheels/default/spins/${byQuery.json().id}/landed`,
      headers: { 'x-presenter-key': key },
      payload: { landedIndex: byQuery.json().targetIndex, durationMs: 11_000 },
    });
    expect(landed.statusCode).toBe(204);
    expect((await spinWith('default', { header: key })).statusCode).toBe(201);
    expect((await spinWith('other', { header: key }, 1)).statusCode).toBe(403);
    expect((await spinWith('default', {})).statusCode).toBe(401);
    const draws = await t.app.store.listDraws('default');
    expect(draws.map((draw) => draw.startedBy)).toEqual([`presenter-key:${id}`, `presenter-key:${id}`]);

    const revoke = await t.app.inject({
      method: 'DELETE',
      url: `/api/admin/wheels/default/presenter-keys/${id}`,
      headers: { cookie },
    });
    expect(revoke.statusCode).toBe(204);
    expect((await spinWith('default', { header: key })).statusCode).toBe(403);
    expect(await rights('default', `?key=${key}`)).toEqual({ canSpin: false });
    const again = await t.app.inject({
      method: 'DELETE',
      url: `/api/admin/wheels/default/presenter-keys/${id}`,
      headers: { cookie },
    });
    expect(again.statusCode).toBe(404);

    // The draw log and the audit log name the link by its label, after it is revoked too.
    const log = await t.app.inject({
      method: 'GET',
      url: '/api/admin/wheels/default/draws',
      headers: { cookie },
    });
    expect(
      log
        .json<{ draws: { startedBy: string; startedByLabel: string }[] }>()
        .draws.map((draw) => draw.startedByLabel),
    ).toEqual(['Kiosk (presenter link)', 'Kiosk (presenter link)']);
    const audit = await t.app.inject({
      method: 'GET',
      url: `/api/admin/audit?actor=presenter-key:${id}`,
      headers: { cookie },
    });
    const events = audit.json<{ events: { actor: string; actorLabel: string }[] }>().events;
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(new Set(events.map((event) => event.actorLabel))).toEqual(new Set(['Kiosk (presenter link)']));
    expect(audit.body).not.toContain(key);
  });

  it('is named by its label in History when its "remove winners" draw published a version', async () => {
    await t.app.inject({
      method: 'PUT',
      url: '/api/admin/wheels/default/draft/settings',
      headers: { cookie },
      payload: { removeWinners: true },
    });
    const version = await publishEntries(t, cookie, 'default', sampleEntries(4));
    const { id, key } = await createKey('default', 'Kiosk');
    const spin = await t.app.inject({
      method: 'POST',
      url: '/api/wheels/default/spins',
      headers: { 'x-presenter-key': key },
      payload: { version },
    });
    expect(spin.statusCode).toBe(201);
    const history = await t.app.inject({
      method: 'GET',
      url: '/api/admin/wheels/default/snapshots',
      headers: { cookie },
    });
    const byLink = history
      .json<{ snapshots: { publishedBy: string; publishedByLabel: string }[] }>()
      .snapshots.filter((snapshot) => snapshot.publishedBy === `presenter-key:${id}`);
    expect(byLink.map((snapshot) => snapshot.publishedByLabel)).toEqual(['Kiosk (presenter link)']);
    expect(history.body).not.toContain(key);
  });

  it('grants nothing under /api/admin', async () => {
    const { key } = await createKey('default', 'Kiosk');
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/admin/wheels?key=${key}`,
      headers: { 'x-presenter-key': key },
    });
    expect(response.statusCode).toBe(401);
  });
});
