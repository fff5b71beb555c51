// Privacy by surface (issue #19 req. 3, settings.publicNames): a canary full name is planted in the
// list of a standard wheel (removeWinners on) and of a wheel with a prize, drawn on both, and every
// public route (from the OpenAPI description), both event streams and the pages are crawled under
// each policy. Only `full` shows the canary in public; the presenter's spin answers, the
// presenter's program, the admin's draw log and a restored draft always carry the full name.
import { afterEach, describe, expect, it } from 'vitest';
import { computeSnapshotChecksum, PUBLIC_NAMES_POLICIES, type Snapshot } from '../core/index.ts';
import { readPdfAttachment } from '../cli/commands/pdf-attachment.ts';
import { DEFAULT_WEB_ROOT } from './app.ts';
import { checkStoreIntegrity } from './services/store-integrity.ts';
import { createTestApp, sampleEntries, type TestApp } from './test-support/test-app.ts';

const CANARY_PATTERN = /q7xzk9/i;
/** The canary sits in the family name: "Vera Q." when masked. */
const CANARY = { ticket: '0099', name: 'Vera Q7xzk9canary', weight: 1, label: 'Lucky Vera' };
const PUBLIC_FORM = { full: CANARY.name, masked: 'Vera Q.', ticket: CANARY.ticket, label: CANARY.label };
const PRIZE = {
  id: 'car',
  name: 'A car',
  quantity: 2,
  groups: null,
  allowPreviousWinners: false,
  batchSize: 2,
  reserves: 1,
};

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe.each(PUBLIC_NAMES_POLICIES)('publicNames %s', (policy) => {
  it(
    'shows the public form on every public surface and the full name to the presenter and the admin',
    { timeout: 120_000 },
    async () => {
      t = await createTestApp({ webRoot: DEFAULT_WEB_ROOT });
      const { app } = t;
      const cookie = await t.signIn();
      const admin = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
        const response = await app.inject(
          payload === undefined
            ? { method, url, headers: { cookie } }
            : { method, url, headers: { cookie }, payload },
        );
        if (response.statusCode >= 400)
          throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
        return response;
      };
      const entries = [...sampleEntries(6), CANARY];

      // A standard wheel (each draw publishes the next version without its winner) and a prize wheel.
      await admin('POST', '/api/admin/wheels', { slug: 'gala', title: 'Gala' });
      for (const slug of ['default', 'gala']) {
        await admin('PUT', `/api/admin/wheels/${slug}/draft/entries`, { entries });
        await admin('PUT', `/api/admin/wheels/${slug}/draft/settings`, {
          publicNames: policy,
          removeWinners: true,
        });
      }
      await admin('PUT', '/api/admin/wheels/gala/draft/prizes', { prizes: [PRIZE] });
      for (const slug of ['default', 'gala']) await admin('POST', `/api/admin/wheels/${slug}/publish`, {});
      await admin('PUT', '/api/admin/wheels/default/plan', { tickets: [CANARY.ticket] });
      await admin('PUT', '/api/admin/wheels/gala/plan', { tickets: [], prizes: { car: [CANARY.ticket] } });
      const key = (await admin('POST', '/api/admin/wheels/default/presenter-keys', { label: 'stage' })).json()
        .key as string;

      // The snapshot holds the public form under its checksum; the audit log the private checksum.
      const published = (await app.inject({ url: '/api/wheels/default/snapshot' })).json<Snapshot>();
      expect(published.entries.at(-1)!.name).toBe(PUBLIC_FORM[policy]);
      expect(published.entries.filter((entry) => 'label' in entry)).toEqual([]);
      const publishAudit = (await app.store.listAuditEvents()).filter(
        (event) => event.action === 'publish' && event.wheel === 'default',
      );
      const { checksum: publicChecksum, ...publicBody } = published;
      expect(computeSnapshotChecksum(publicBody)).toBe(publicChecksum);
      const privateChecksum = computeSnapshotChecksum({
        ...publicBody,
        entries: publicBody.entries.map((entry, index) => ({ ...entry, name: entries[index]!.name })),
      });
      if (policy === 'full') expect(publishAudit[0]!.details).not.toHaveProperty('privateChecksum');
      else expect(publishAudit[0]!.details).toMatchObject({ publicNames: policy, privateChecksum });

      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      const streams = await Promise.all(['default', 'gala'].map((slug) => openStream(address, slug)));
      await Promise.all(streams.map((stream) => stream.readUntil('event: snapshot')));

      // The presenter (its link's key) spins the canary: its answer names the winner in full.
      const spin = await fetch(`${address}/api/wheels/default/spins`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-presenter-key': key },
        body: JSON.stringify({ version: published.version }),
      });
      expect(spin.status).toBe(201);
      const plan = (await spin.json()) as { id: string; ticket: string; name: string; targetIndex: number };
      expect(plan).toMatchObject({ ticket: CANARY.ticket, name: CANARY.name });
      await streams[0]!.readUntil('event: spin');
      const landed = await fetch(`${address}/api/wheels/default/spins/${plan.id}/landed`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-presenter-key': key },
        body: JSON.stringify({ landedIndex: plan.targetIndex, durationMs: 11_000 }),
      });
      expect(landed.status).toBe(204);
      await streams[0]!.readUntil('event: landed');
      // removeWinners published version 2 without the canary, its full names kept beside it.
      expect((await app.store.readPrivateNames('default', 2))?.names ?? null).toEqual(
        policy === 'full' ? null : entries.slice(0, -1).map((entry) => entry.name),
      );

      const batch = (
        await admin('POST', '/api/wheels/gala/spins', { version: 1, prizeId: 'car' })
      ).json() as {
        id: string;
        batch: Array<{ ticket: string; name: string }>;
      };
      expect(batch.batch[0]).toMatchObject({ ticket: CANARY.ticket, name: CANARY.name });
      await streams[1]!.readUntil('event: spin');

      // The presenter's console reads the program with its rights: full names.
      const presenterProgram = await app.inject({ url: '/api/wheels/gala/program', headers: { cookie } });
      expect(presenterProgram.body).toContain(CANARY.name);
      // The admin's draw log: full names.
      expect((await admin('GET', '/api/admin/wheels/default/draws')).body).toContain(CANARY.name);
      expect((await admin('GET', '/api/admin/wheels/gala/draws?format=csv')).body).toContain(CANARY.name);
      // Restoring version 1 puts the full names (and the draft's labels) back, never the public form.
      const restored = await admin('POST', '/api/admin/wheels/gala/snapshots/1/restore', {});
      expect(restored.json().entries.at(-1)).toMatchObject({ name: CANARY.name, label: CANARY.label });

      // `prizewheel verify` checks every version's full names against their private checksum.
      expect((await checkStoreIntegrity(app.store)).damage).toEqual([]);

      const seen: string[] = [];
      for (const stream of streams) seen.push(await stream.close());
      const openapi = (await (await fetch(`${address}/api/openapi.json`)).json()) as {
        paths: Record<string, Record<string, unknown>>;
      };
      const publicUrls = new Set<string>([
        '/wheel/default',
        '/verify/default',
        '/verify/gala',
        '/present/gala',
      ]);
      for (const [path, methods] of Object.entries(openapi.paths)) {
        if (path.startsWith('/api/admin') || !('get' in methods) || path.endsWith('/events')) continue;
        for (const slug of ['default', 'gala'])
          for (const version of ['1', '2'])
            for (const id of [plan.id, batch.id])
              publicUrls.add(
                path
                  .replace('{slug}', slug)
                  .replace('{version}', version)
                  .replace('{id}', id)
                  .replace(/\{[^}]+\}/g, '1'),
              );
      }
      for (const slug of ['default', 'gala'])
        publicUrls.add(`/api/wheels/${slug}/spins/current?include=landed`);
      for (const url of publicUrls) {
        const response = await fetch(`${address}${url}`, { redirect: 'manual' });
        seen.push(`${url} ${response.status} ${await response.text()}`);
      }
      expect(publicUrls.size).toBeGreaterThan(20);
      // The certificate PDF's text is compressed: read the signed certificate it carries.
      for (const slug of ['default', 'gala']) {
        const pdf = await fetch(`${address}/api/wheels/${slug}/certificate.pdf`);
        expect(pdf.status).toBe(200);
        const attached = await readPdfAttachment(new Uint8Array(await pdf.arrayBuffer()), 'certificate.json');
        const text = new TextDecoder().decode(attached!);
        seen.push(`certificate.pdf of ${slug} ${text}`);
        // The full list's own checksum is stated whenever the public sees another form of its names.
        const { certificate } = JSON.parse(text) as {
          certificate: { snapshot: { privateChecksum: string | null }; settings: { publicNames: string } };
        };
        // It says which names it shows.
        expect(certificate.settings.publicNames).toBe(policy);
        if (policy === 'full') expect(certificate.snapshot.privateChecksum).toBeNull();
        else expect(certificate.snapshot.privateChecksum).toMatch(/^sha256:[0-9a-f]{64}$/);
      }

      const leaks = seen.filter((text) => CANARY_PATTERN.test(text));
      if (policy === 'full') {
        // The crawl reaches the canary where the public sees it: full names are public by choice.
        expect(leaks.length).toBeGreaterThan(3);
        return;
      }
      expect(
        leaks.map((text) => {
          const at = CANARY_PATTERN.exec(text)!.index;
          return text.slice(Math.max(0, at - 200), at + 100);
        }),
      ).toEqual([]);
      // …and the public form is what the public saw.
      expect(seen.join('\n')).toContain(JSON.stringify(PUBLIC_FORM[policy]));
    },
  );
});

async function openStream(address: string, slug: string) {
  const abort = new AbortController();
  const response = await fetch(`${address}/api/wheels/${slug}/events`, { signal: abort.signal });
  const reader = response.body!.getReader();
  let text = '';
  return {
    async readUntil(marker: string) {
      while (!text.includes(marker)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`event stream of ${slug} ended`);
        text += new TextDecoder().decode(value);
      }
    },
    async close() {
      abort.abort();
      await reader.cancel().catch(() => undefined);
      return text;
    },
  };
}
