// The full names of a version published with settings.publicNames other than `full` (migration
// 0011-public-names), run against every Store adapter: a publish keeps them beside the snapshot in
// its transaction under the private checksum, a `full` publish keeps none, and a removeWinners
// draw's next version keeps those of the entries it keeps.
import { describe, expect, it } from 'vitest';
import {
  bodyWithFullNames,
  computeSnapshotChecksum,
  DEFAULT_SETTINGS,
  maskName,
  type Entry,
  type PublicNamesPolicy,
  type Snapshot,
  type SnapshotBody,
} from '../../../core/index.ts';
import { verifyAuditChain } from '../audit-chain.ts';
import type { Store } from '../store.ts';
import { audit } from './contract-fixtures.ts';

const AT = '2026-12-06T19:00:00.000Z';
/** Full names of several scripts, so a lossy text column or JSON round trip shows. */
const FULL_ENTRIES: Entry[] = [
  { ticket: 'T1', name: 'Ana Maria Lima', weight: 1 },
  { ticket: 'T2', name: '张三丰', weight: 2 },
  { ticket: 'T3', name: 'Zoë O’Brien-Łukasz', weight: 1 },
  { ticket: 'T4', name: 'ana.lima@example.org', weight: 1 },
];

async function wheelWithPolicy(store: Store, publicNames: PublicNamesPolicy): Promise<void> {
  await store.createWheel(
    { slug: 'gala', title: 'Gala', settings: { ...DEFAULT_SETTINGS, publicNames, removeWinners: true } },
    audit('create_wheel', 'gala'),
  );
  await store.replaceDraftEntries('gala', FULL_ENTRIES, audit('replace_draft', 'gala'));
}

/** Publishes as the server does: the public form in the snapshot, the full names beside it unless `full`. */
function publishAsServer(store: Store, fullNames?: (draft: Entry[]) => string[]): Promise<Snapshot> {
  return store.publishDraft('gala', {
    publishedAt: AT,
    publishedBy: 'admin',
    prepare: (draft) => {
      const policy = draft.settings.publicNames ?? 'full';
      return {
        entries: draft.entries.map(({ ticket, name, weight }) => ({
          ticket,
          name: policy === 'full' ? name : maskName(name),
          weight,
        })),
        settings: draft.settings,
        ...(policy === 'full'
          ? {}
          : { fullNames: (fullNames ?? ((entries) => entries.map((entry) => entry.name)))(draft.entries) }),
        audit: { actor: 'admin', details: {} },
      };
    },
  });
}

function bodyOf({ checksum: _checksum, ...body }: Snapshot): SnapshotBody {
  return body;
}

/** A draw of `published.entries[index]` on version 1; removeWinners publishes version 2 without it. */
async function drawRemoving(store: Store, published: Snapshot, index: number): Promise<Snapshot> {
  const winner = published.entries[index]!;
  const { nextSnapshot } = await store.recordDraw('gala', {
    expectedVersion: published.version,
    createdAt: AT,
    startedBy: 'presenter',
    checkSpinInProgress: false,
    decide: () => ({
      draw: {
        id: `d-${winner.ticket}`,
        ticket: winner.ticket,
        name: winner.name,
        targetIndex: index,
        mode: 'random',
        rotations: 6,
        landingFraction: 0.5,
        durationMs: 11_000,
      },
      remainingPlan: null,
      auditDetails: {},
      nextEntries: published.entries.filter((entry) => entry.ticket !== winner.ticket),
    }),
  });
  if (!nextSnapshot) throw new Error('removeWinners published no next version');
  return nextSnapshot;
}

/**
 * A masked wheel `gala` as the server leaves it after one removeWinners draw: version 1 with every
 * full name, version 2 without T2's. Answers each version's full names (for backup and verify cases).
 */
export async function seedMaskedWheel(store: Store): Promise<Map<number, string[]>> {
  await wheelWithPolicy(store, 'masked');
  const first = await publishAsServer(store);
  await drawRemoving(store, first, 1);
  const fullNames = FULL_ENTRIES.map((entry) => entry.name);
  return new Map([
    [1, fullNames],
    [2, fullNames.filter((_, index) => index !== 1)],
  ]);
}

export function describePrivateNamesStoreContract(freshStore: () => Promise<Store>): void {
  describe('private names (settings.publicNames)', () => {
    it('keeps the full names of a masked publish under the checksum of the body with them', async () => {
      const store = await freshStore();
      await wheelWithPolicy(store, 'masked');
      const published = await publishAsServer(store);
      expect(published.entries.map((entry) => entry.name)).toEqual(FULL_ENTRIES.map((e) => maskName(e.name)));
      const fullNames = FULL_ENTRIES.map((entry) => entry.name);
      const privateChecksum = computeSnapshotChecksum(bodyWithFullNames(bodyOf(published), fullNames));
      expect(privateChecksum).not.toBe(published.checksum);
      expect(await store.readPrivateNames('gala', 1)).toEqual({ names: fullNames, privateChecksum });
      expect(await store.readPrivateNames('gala', 2)).toBeNull();
      expect(await store.readPrivateNames('other', 1)).toBeNull();
      // The published body as stored holds the public form only.
      const row = await store.getSnapshotRow('gala', 1);
      for (const name of fullNames.filter((name) => name !== maskName(name)))
        expect(row?.body).not.toContain(name);
      const publishEvent = (await store.listAuditEvents()).at(-1);
      expect(publishEvent).toMatchObject({
        action: 'publish',
        details: { version: 1, checksum: published.checksum, publicNames: 'masked', privateChecksum },
      });
    });

    it('keeps nothing for a full publish: readPrivateNames answers null and the audit names no private checksum', async () => {
      const store = await freshStore();
      await wheelWithPolicy(store, 'full');
      const published = await publishAsServer(store);
      expect(published.entries).toEqual(FULL_ENTRIES);
      expect(await store.readPrivateNames('gala', 1)).toBeNull();
      const details = (await store.listAuditEvents()).at(-1)?.details;
      expect(details).not.toHaveProperty('privateChecksum');
      expect(details).not.toHaveProperty('publicNames');
    });

    it('writes neither the snapshot nor its full names when they do not match the entries', async () => {
      const store = await freshStore();
      await wheelWithPolicy(store, 'masked');
      const auditBefore = await store.listAuditEvents();
      await expect(publishAsServer(store, (entries) => entries.slice(1).map((e) => e.name))).rejects.toThrow(
        /3 full names for 4 entries/,
      );
      expect(await store.latestVersion('gala')).toBeNull();
      expect(await store.readPrivateNames('gala', 1)).toBeNull();
      expect(await store.listAuditEvents()).toEqual(auditBefore);
      // The same publish with every name goes through: nothing of the failed one was left behind.
      await publishAsServer(store);
      expect((await store.readPrivateNames('gala', 1))?.names).toEqual(FULL_ENTRIES.map((e) => e.name));
    });

    it("a removeWinners draw's next version keeps the full names of the remaining entries", async () => {
      const store = await freshStore();
      await wheelWithPolicy(store, 'masked');
      const first = await publishAsServer(store);
      const nextSnapshot = await drawRemoving(store, first, 1);
      const remaining = first.entries.filter((entry) => entry.ticket !== 'T2');
      expect(nextSnapshot).toMatchObject({ version: 2, entries: remaining });
      const keptNames = FULL_ENTRIES.filter((entry) => entry.ticket !== 'T2').map((e) => e.name);
      const privateChecksum = computeSnapshotChecksum(bodyWithFullNames(bodyOf(nextSnapshot), keptNames));
      expect(await store.readPrivateNames('gala', 2)).toEqual({ names: keptNames, privateChecksum });
      // The drawn version's full names stay as they were.
      expect((await store.readPrivateNames('gala', 1))?.names).toEqual(FULL_ENTRIES.map((e) => e.name));
      const events = await store.listAuditEvents();
      expect(events.at(-1)).toMatchObject({
        action: 'publish',
        details: { reason: 'remove_winner', version: 2, privateChecksum },
      });
      expect(verifyAuditChain(events)).toEqual([]);
    });

    it('a removeWinners draw on a full version keeps no full names for the next one', async () => {
      const store = await freshStore();
      await wheelWithPolicy(store, 'full');
      const first = await publishAsServer(store);
      const nextSnapshot = await drawRemoving(store, first, 0);
      expect(nextSnapshot.version).toBe(2);
      expect(await store.readPrivateNames('gala', 2)).toBeNull();
      expect((await store.listAuditEvents()).at(-1)?.details).not.toHaveProperty('privateChecksum');
    });
  });
}
