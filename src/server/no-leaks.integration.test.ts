// No leaks: drafts, the pre-drawn plan, user data and audit data never reach a public endpoint,
// the event stream, the pages and their assets, or an error message. Canary strings go into
// exactly the places that must stay secret; then every public route is crawled for them.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_WEB_ROOT } from './app.ts';
import { hashPassword } from './services/secrets.ts';
import { makeSolidPng } from './test-support/test-images.ts';
import { createTestApp, publishEntries, sampleEntries, type TestApp } from './test-support/test-app.ts';

// Each canary lives only where it must stay secret.
const CANARIES = {
  draftName: 'Canary Draftname Q7XZK9',
  draftTicket: 'CANARY-DRAFT-TICKET-Q7XZK9',
  /** Planned after the drawn ticket and in no published list: secret until (never) drawn. */
  plannedTicket: 'CANARY-PLAN-Q7XZK9',
  secretWheelTitle: 'Canary Unpublished Wheel Q7XZK9',
  secretWheelDraftName: 'Canary Secret Wheel Entry Q7XZK9',
  userName: 'canary-user-q7xzk9',
  failedLoginName: 'canary-failed-login-q7xzk9',
  presenterKeyLabel: 'Canary Key Label Q7XZK9',
  /** A published entry's person: public only as its pseudonym. */
  personEmail: 'canary.person.q7xzk9@example.org',
};
const CANARY_PATTERN = /q7xzk9/i;

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('no leaks', () => {
  it(
    'no canary on any public route, in the event stream, the pages, assets or errors',
    { timeout: 120_000 },
    async () => {
      t = await createTestApp({ webRoot: DEFAULT_WEB_ROOT });
      const { app } = t;
      const cookie = await t.signIn();
      const admin = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
        app.inject(
          payload === undefined
            ? { method, url, headers: { cookie } }
            : { method, url, headers: { cookie }, payload },
        );

      // Published: ordinary entries. The plan draws 0002 first, then a canary ticket.
      const published = sampleEntries(8).map((entry, index) =>
        index < 2 ? { ...entry, person: CANARIES.personEmail, group: 'Staff' } : entry,
      );
      const version = await publishEntries(t, cookie, 'default', published);
      expect(
        (await admin('PUT', '/api/admin/wheels/default/plan', { tickets: ['0002', CANARIES.plannedTicket] }))
          .statusCode,
      ).toBe(200);
      // Draft-only edits after the publish.
      const draft = [
        ...sampleEntries(8),
        { ticket: CANARIES.draftTicket, name: CANARIES.draftName, weight: 1 },
      ];
      expect(
        (await admin('PUT', '/api/admin/wheels/default/draft/entries', { entries: draft })).statusCode,
      ).toBe(200);
      // A wheel that exists only as a draft.
      await admin('POST', '/api/admin/wheels', { slug: 'secret', title: CANARIES.secretWheelTitle });
      await admin('PUT', '/api/admin/wheels/secret/draft/entries', {
        entries: [{ ticket: '1', name: CANARIES.secretWheelDraftName, weight: 1 }],
      });
      // User data and audit data.
      await app.store.createUser(
        {
          username: CANARIES.userName,
          role: 'presenter',
          passwordHash: await hashPassword('canary password'),
        },
        { actor: 'admin', action: 'create_user', wheel: null, details: {} },
      );
      // A failed sign-in of a real account is audited; of a made-up name, only logged.
      for (const username of [CANARIES.userName, CANARIES.failedLoginName])
        await app.inject({
          method: 'POST',
          url: '/api/admin/session',
          payload: { username, password: 'wrong password' },
        });
      await admin('POST', '/api/admin/wheels/default/presenter-keys', { label: CANARIES.presenterKeyLabel });

      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      const seen: string[] = [];

      // The event stream, open while the pre-drawn spin happens and lands.
      const streamAbort = new AbortController();
      const stream = await fetch(`${address}/api/wheels/default/events`, { signal: streamAbort.signal });
      const reader = stream.body!.getReader();
      let streamText = '';
      const readUntil = async (marker: string) => {
        while (!streamText.includes(marker)) {
          const { value, done } = await reader.read();
          if (done) throw new Error('event stream ended');
          streamText += new TextDecoder().decode(value);
        }
      };
      await readUntil('event: snapshot');

      const spin = await admin('POST', '/api/wheels/default/spins', { version });
      expect(spin.statusCode).toBe(201);
      expect(spin.json().ticket).toBe('0002');
      await readUntil('event: spin');
      await admin('POST', `/api/wheels/default/spins/${spin.json().id}/landed`, {
        landedIndex: spin.json().targetIndex,
        durationMs: 11_000,
      });
      await readUntil('event: landed');
      // The presentation settings: public by design, pushed to displays, crawled below.
      const appearance = await admin('PUT', '/api/admin/wheels/default/appearance', {
        title: 'Spring Gala',
        offlineSpins: 'refuse',
        logo: makeSolidPng(4, [10, 20, 30]).toString('base64'),
      });
      expect(appearance.statusCode).toBe(200);
      const logoHash = (appearance.json().logoUrl as string).split('/').at(-1)!;
      await readUntil('event: appearance');
      streamAbort.abort();
      await reader.cancel().catch(() => undefined);
      seen.push(streamText);

      // Every public route from the OpenAPI description, on both wheels, plus errors and pages.
      const openapi = (await (await fetch(`${address}/api/openapi.json`)).json()) as {
        paths: Record<string, Record<string, unknown>>;
      };
      seen.push(JSON.stringify(openapi));
      const publicUrls = new Set<string>([
        '/api/openapi.json',
        '/nope',
        '/api/wheels/secret/snapshot?currentVersion=x',
      ]);
      for (const [path, methods] of Object.entries(openapi.paths)) {
        if (path.startsWith('/api/admin') || !('get' in methods) || path.endsWith('/events')) continue;
        for (const slug of ['default', 'secret']) {
          for (const id of [spin.json().id as string, 'unknown']) {
            publicUrls.add(
              path
                .replace('{slug}', slug)
                .replace('{version}', '1')
                .replace('{id}', id)
                .replace('{sha256}', logoHash)
                .replace('{*}', 'x'),
            );
          }
        }
        publicUrls.add(path.replace('{slug}', 'default').replace('{version}', '2'));
      }
      const crawledStatus = new Map<string, number>();
      for (const url of publicUrls) {
        const response = await fetch(`${address}${url}`, { redirect: 'manual' });
        crawledStatus.set(url, response.status);
        seen.push(
          `${url} ${response.status} ${response.headers.get('location') ?? ''} ${await response.text()}`,
        );
      }
      // Refused presenter actions answer without details.
      for (const url of ['/api/wheels/default/spins', '/api/wheels/secret/spins']) {
        const response = await fetch(`${address}${url}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ version: 1 }),
        });
        expect([401, 403]).toContain(response.status);
        seen.push(await response.text());
      }
      // The pages' assets (the wheel page's bundle included).
      for (const name of readdirSync(join(DEFAULT_WEB_ROOT, 'assets'))) {
        const response = await fetch(`${address}/assets/${name}`);
        expect(response.status).toBe(200);
        seen.push(await response.text());
      }

      expect(publicUrls.size).toBeGreaterThan(20);
      // The crawl reached the presentation endpoints (their paths come from the OpenAPI description).
      expect(crawledStatus.get('/api/wheels/default/appearance')).toBe(200);
      expect(crawledStatus.get(`/api/wheels/default/logo/${logoHash}`)).toBe(200);
      for (const text of seen) {
        const match = CANARY_PATTERN.exec(text);
        expect(match ? text.slice(Math.max(0, match.index - 200), match.index + 100) : null).toBeNull();
      }

      // The canaries are really where the admin sees them (the crawl looked for something real).
      const plan = await admin('GET', '/api/admin/wheels/default/plan');
      expect(plan.json()).toEqual({ tickets: [CANARIES.plannedTicket], prizes: {} });
      const audit = JSON.stringify(await app.store.listAuditEvents());
      expect(audit).toContain(`"actor":"${CANARIES.userName}","action":"login_failed"`);
      expect(audit).not.toContain(CANARIES.failedLoginName);
      expect((await admin('GET', '/api/admin/wheels/default/draft')).body).toContain(CANARIES.draftName);
    },
  );
});
