// The storage contract: the same cases run against every Store adapter (SQLite, PostgreSQL), so
// both behave alike, including under concurrency. Each case gets a fresh, empty, migrated store.
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  SPIN_LANDING_MARGIN_MS,
  verifySnapshot,
  type DrawMode,
  type Entry,
  type Snapshot,
  type SnapshotBody,
  type WheelSettings,
} from '../../../core/index.ts';
import { AppError } from '../../errors.ts';
import { describeAccountStoreContract } from './account-store.contract.ts';
import { describeProgramStoreContract } from './program-store.contract.ts';
import { describePrivateNamesStoreContract } from './private-names-store.contract.ts';
import { verifyAuditChain } from '../audit-chain.ts';
import { MIGRATION_NAMES } from '../migrations/index.ts';
import type { DrawDecision, DrawResult, Store } from '../store.ts';
import { errorCodeOf } from './error-code.ts';
import { audit } from './contract-fixtures.ts';

export type OpenStore = () => Promise<Store>;

const CONCURRENT_PUBLISHES = 50;
const WINNERS_DRAWN_BY_TWO_PRESENTERS = 12;
const PUBLISHED_AT = '2026-11-28T12:00:00.000Z';

function entriesOf(count: number, prefix = 'T'): Entry[] {
  return Array.from({ length: count }, (_, i) => ({
    ticket: `${prefix}${String(i + 1).padStart(3, '0')}`,
    name: `Person ${i + 1}`,
    weight: 1,
  }));
}

async function createWheelWithDraft(
  store: Store,
  slug: string,
  entries: Entry[],
  settings: WheelSettings = DEFAULT_SETTINGS,
): Promise<void> {
  await store.createWheel({ slug, title: `Wheel ${slug}`, settings }, audit('create_wheel', slug));
  await store.replaceDraftEntries(slug, entries, audit('replace_draft', slug));
}

function publish(store: Store, slug: string, publishedAt = PUBLISHED_AT): Promise<Snapshot> {
  return store.publishDraft(slug, {
    publishedAt,
    publishedBy: 'admin',
    prepare: (draft) => ({
      entries: draft.entries.map(({ ticket, name, weight }) => ({ ticket, name, weight })),
      settings: draft.settings,
      audit: { actor: 'admin', details: {} },
    }),
  });
}

interface DrawOptions {
  id: string;
  ticket: string;
  targetIndex?: number;
  remainingPlan?: string[] | null;
  nextEntries?: Entry[] | null;
  mode?: DrawMode;
  /** When the draw is asked (default PUBLISHED_AT). */
  createdAt?: string;
  /** Default false here: the log's cases draw back-to-back at one instant; the lock has its own cases. */
  checkSpinInProgress?: boolean;
}

function decision(options: DrawOptions): DrawDecision {
  return {
    draw: {
      id: options.id,
      ticket: options.ticket,
      name: `Name of ${options.ticket}`,
      targetIndex: options.targetIndex ?? 0,
      mode: options.mode ?? 'random',
      rotations: 6,
      landingFraction: 0.37,
      durationMs: 11_000,
    },
    remainingPlan: options.remainingPlan ?? null,
    auditDetails: {},
    nextEntries: options.nextEntries ?? null,
  };
}

function draw(
  store: Store,
  slug: string,
  expectedVersion: number,
  options: DrawOptions,
): Promise<DrawResult> {
  return store.recordDraw(slug, {
    expectedVersion,
    createdAt: options.createdAt ?? PUBLISHED_AT,
    startedBy: 'presenter',
    checkSpinInProgress: options.checkSpinInProgress ?? false,
    decide: () => decision(options),
  });
}

async function expectAuditChainIntact(store: Store): Promise<void> {
  const events = await store.listAuditEvents();
  expect(verifyAuditChain(events)).toEqual([]);
  expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

export function describeStoreContract(name: string, openStore: OpenStore): void {
  describe(`Store contract: ${name}`, () => {
    const opened: Store[] = [];
    async function freshStore(): Promise<Store> {
      const store = await openStore();
      opened.push(store);
      return store;
    }
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    describeAccountStoreContract(openStore);
    describeProgramStoreContract(freshStore);
    describePrivateNamesStoreContract(freshStore);

    it('lists the applied migrations: every one this code knows, in order', async () => {
      const store = await freshStore();
      expect(await store.listAppliedMigrations()).toEqual(MIGRATION_NAMES);
    });

    describe('users, sessions and API tokens', () => {
      it('creates a user, finds it, and counts users as a number', async () => {
        const store = await freshStore();
        expect(await store.countUsers()).toBe(0);
        await store.createUser(
          { username: 'admin', role: 'admin', passwordHash: 'scrypt$hash' },
          audit('create_user'),
        );
        expect(await store.countUsers()).toBe(1);
        expect(await store.findUser('admin')).toEqual({
          username: 'admin',
          role: 'admin',
          passwordHash: 'scrypt$hash',
        });
        expect(await store.findUser('nobody')).toBeNull();
      });

      it('finds the user of an unexpired session only, and revokes a session once', async () => {
        const store = await freshStore();
        await store.createUser({ username: 'admin', role: 'admin', passwordHash: 'h' }, audit('create_user'));
        await store.createSession(
          { tokenHash: 'session-1', username: 'admin', expiresAt: '2026-11-29T00:00:00.000Z' },
          audit('sign_in'),
        );
        expect(await store.findSessionUser('session-1', '2026-11-28T23:59:59.999Z')).toEqual({
          username: 'admin',
          role: 'admin',
        });
        expect(await store.findSessionUser('session-1', '2026-11-29T00:00:00.000Z')).toBeNull();
        expect(await store.findSessionUser('unknown', '2026-11-28T00:00:00.000Z')).toBeNull();
        expect(await store.deleteSession('session-1', audit('sign_out'))).toBe(true);
        expect(await store.deleteSession('session-1', audit('sign_out'))).toBe(false);
        expect(await store.findSessionUser('session-1', '2026-11-28T00:00:00.000Z')).toBeNull();
      });

      it('finds the user of an API token', async () => {
        const store = await freshStore();
        await store.createUser({ username: 'admin', role: 'admin', passwordHash: 'h' }, audit('create_user'));
        await store.createApiToken(
          { tokenHash: 'token-1', username: 'admin', name: 'ci' },
          audit('create_token'),
        );
        expect(await store.findApiTokenUser('token-1')).toEqual({ username: 'admin', role: 'admin' });
        expect(await store.findApiTokenUser('token-2')).toBeNull();
      });
    });

    describe('wheels and drafts', () => {
      it('creates a wheel with an empty draft and refuses a second wheel of the same slug', async () => {
        const store = await freshStore();
        const wheel = await store.createWheel(
          { slug: 'gala', title: 'Gala', settings: DEFAULT_SETTINGS },
          audit('create_wheel', 'gala'),
        );
        expect(wheel).toMatchObject({ slug: 'gala', title: 'Gala', settings: DEFAULT_SETTINGS });
        expect(await store.getWheel('gala')).toEqual(wheel);
        expect(await store.getWheel('nope')).toBeNull();
        expect(await store.getDraft('gala')).toMatchObject({
          wheel: 'gala',
          entries: [],
          settings: DEFAULT_SETTINGS,
          basedOnVersion: null,
        });
        expect(
          await errorCodeOf(
            store.createWheel(
              { slug: 'gala', title: 'Again', settings: DEFAULT_SETTINGS },
              audit('create_wheel'),
            ),
          ),
        ).toBe('wheel_exists');
      });

      it('lists wheels in code-point order of their slugs on every database (not by collation)', async () => {
        const store = await freshStore();
        for (const slug of ['ab', 'a-b', 'b', 'a0']) await createWheelWithDraft(store, slug, entriesOf(1));
        expect((await store.listWheels()).map((wheel) => wheel.slug)).toEqual(['a-b', 'a0', 'ab', 'b']);
      });

      it('lists wheels with their latest version and entry counts', async () => {
        const store = await freshStore();
        await createWheelWithDraft(store, 'alpha', entriesOf(3));
        await createWheelWithDraft(store, 'beta', entriesOf(2));
        await publish(store, 'alpha');
        await store.replaceDraftEntries('alpha', entriesOf(5), audit('replace_draft', 'alpha'));
        expect(await store.listWheels()).toEqual([
          {
            slug: 'alpha',
            title: 'Wheel alpha',
            latestVersion: 1,
            publishedAt: PUBLISHED_AT,
            entries: 3,
            draftEntries: 5,
          },
          {
            slug: 'beta',
            title: 'Wheel beta',
            latestVersion: null,
            publishedAt: null,
            entries: 0,
            draftEntries: 2,
          },
        ]);
      });

      it('replaces draft entries (keeping extra columns) and updates draft settings', async () => {
        const store = await freshStore();
        await store.createWheel(
          { slug: 'gala', title: 'Gala', settings: DEFAULT_SETTINGS },
          audit('create_wheel', 'gala'),
        );
        const entries = [{ ticket: '00042', name: 'Ana Lima', weight: 2.5, extra: { Table: '7' } }];
        expect(
          (await store.replaceDraftEntries('gala', entries, audit('replace_draft', 'gala'))).entries,
        ).toEqual(entries);
        const settings = { ...DEFAULT_SETTINGS, removeWinners: true, spinDurationMs: 9_000 };
        const draft = await store.updateDraftSettings('gala', settings, audit('update_settings', 'gala'));
        expect(draft).toMatchObject({ wheel: 'gala', entries, settings });
        expect(await store.getDraft('gala')).toEqual(draft);
      });

      it('answers wheel_not_found for a draft change of an unknown wheel, writing nothing', async () => {
        const store = await freshStore();
        expect(
          await errorCodeOf(store.replaceDraftEntries('nope', entriesOf(1), audit('replace_draft', 'nope'))),
        ).toBe('wheel_not_found');
        expect(
          await errorCodeOf(
            store.updateDraftSettings('nope', DEFAULT_SETTINGS, audit('update_settings', 'nope')),
          ),
        ).toBe('wheel_not_found');
        expect(await errorCodeOf(store.getPlan('nope'))).toBe('wheel_not_found');
        expect(await store.getDraft('nope')).toBeNull();
        expect(await store.listAuditEvents()).toEqual([]);
      });

      it('keeps the draft prizes and prize images of a wheel, audited', async () => {
        const store = await freshStore();
        await createWheelWithDraft(store, 'gala', entriesOf(2));
        expect(await store.getDraftPrizes('gala')).toEqual([]);
        expect(await store.getDraftPrizes('nope')).toBeNull();
        const prizes = [
          {
            id: 'bike',
            name: 'Bike',
            quantity: 2,
            groups: ['Staff'],
            allowPreviousWinners: false,
            batchSize: 1,
            reserves: 1,
          },
        ];
        expect(await store.replaceDraftPrizes('gala', prizes, audit('draft_prizes', 'gala'))).toEqual(prizes);
        expect(await store.getDraftPrizes('gala')).toEqual(prizes);
        expect((await store.getDraft('gala'))?.prizes).toEqual(prizes);
        expect(
          await errorCodeOf(store.replaceDraftPrizes('nope', prizes, audit('draft_prizes', 'nope'))),
        ).toBe('wheel_not_found');
        const image = {
          sha256: 'a'.repeat(64),
          contentType: 'image/png',
          bytes: new Uint8Array([137, 80, 78, 71, 0, 255]),
        };
        const saved = await store.savePrizeImage('gala', image, audit('prize_image', 'gala'));
        expect(saved).toMatchObject({ sha256: image.sha256, contentType: 'image/png', bytes: 6 });
        // The same image again changes nothing and is not audited again.
        expect(await store.savePrizeImage('gala', image, audit('prize_image', 'gala'))).toEqual(saved);
        expect(await store.getPrizeImage('gala', image.sha256)).toEqual(image);
        expect(await store.getPrizeImage('other', image.sha256)).toBeNull();
        expect([...(await store.listPrizeImageHashes('gala'))]).toEqual([image.sha256]);
        const actions = (await store.listAuditEvents()).map((event) => event.action);
        expect(actions.filter((action) => action === 'draft_prizes' || action === 'prize_image')).toEqual([
          'draft_prizes',
          'prize_image',
        ]);
      });

      it('shows a draft staged in chunks only once committed, in order, then in one audited step', async () => {
        const store = await freshStore();
        await createWheelWithDraft(store, 'gala', entriesOf(4));
        const staging = await store.stageDraftEntries('gala');
        const chunks = [entriesOf(2, 'A'), [{ ticket: 'B1', name: 'Bea', weight: 2, extra: { Table: '7' } }]];
        for (const chunk of chunks) await staging.append(JSON.stringify(chunk), chunk.length);
        expect((await store.getDraft('gala'))?.entries).toEqual(entriesOf(4));
        expect((await store.listWheels())[0]?.draftEntries).toBe(4);
        const eventsBefore = (await store.listAuditEvents()).length;
        expect(await staging.commit(audit('import', 'gala'))).toMatchObject({ entries: 3 });
        expect((await store.getDraft('gala'))?.entries).toEqual(chunks.flat());
        expect((await store.listWheels())[0]?.draftEntries).toBe(3);
        const events = await store.listAuditEvents();
        expect(events.slice(eventsBefore).map((event) => event.action)).toEqual(['import']);
        await expectAuditChainIntact(store);
        // A later edit stores the entries inline again; publishing reads either form.
        await store.replaceDraftEntries('gala', entriesOf(1, 'C'), audit('replace_draft', 'gala'));
        expect((await store.getDraft('gala'))?.entries).toEqual(entriesOf(1, 'C'));
        expect((await publish(store, 'gala')).entries).toEqual(entriesOf(1, 'C'));
      });

      it('leaves the draft as it was when a staged replacement is discarded or never committed', async () => {
        const store = await freshStore();
        await createWheelWithDraft(store, 'gala', entriesOf(4));
        const discarded = await store.stageDraftEntries('gala');
        await discarded.append(JSON.stringify(entriesOf(2, 'A')), 2);
        await discarded.discard();
        // An import that died halfway: its chunks stay behind, unreferenced.
        const abandoned = await store.stageDraftEntries('gala');
        await abandoned.append(JSON.stringify(entriesOf(2, 'D')), 2);
        expect((await store.getDraft('gala'))?.entries).toEqual(entriesOf(4));
        const staging = await store.stageDraftEntries('gala');
        await staging.append(JSON.stringify(entriesOf(1, 'E')), 1);
        await staging.commit(audit('import', 'gala'));
        expect((await store.getDraft('gala'))?.entries).toEqual(entriesOf(1, 'E'));
        expect(await errorCodeOf(store.stageDraftEntries('nope'))).toBe('wheel_not_found');
      });

      it('refuses to commit a staged draft whose chunks another replacement removed (import_conflict)', async () => {
        const store = await freshStore();
        await createWheelWithDraft(store, 'gala', entriesOf(4));
        const slow = await store.stageDraftEntries('gala');
        await slow.append(JSON.stringify(entriesOf(2, 'S')), 2);
        await store.replaceDraftEntries('gala', entriesOf(1, 'F'), audit('replace_draft', 'gala'));
        expect(await errorCodeOf(slow.commit(audit('import', 'gala')))).toBe('import_conflict');
        expect((await store.getDraft('gala'))?.entries).toEqual(entriesOf(1, 'F'));
        await expectAuditChainIntact(store);
      });
    });

    describe('publishing', () => {
      it('publishes versions 1, 2, … with verifiable checksums and records the draft base', async () => {
        const store = await freshStore();
        await createWheelWithDraft(store, 'gala', entriesOf(3));
        expect(await store.latestVersion('gala')).toBeNull();
        const first = await publish(store, 'gala');
        await store.replaceDraftEntries('gala', entriesOf(4), audit('replace_draft', 'gala'));
        const second = await publish(store, 'gala', '2026-11-28T12:05:00.000Z');
        expect([first.version, second.version]).toEqual([1, 2]);
        expect(verifySnapshot(first) && verifySnapshot(second)).toBe(true);
        expect(await store.latestVersion('gala')).toBe(2);
        expect((await store.getDraft('gala'))?.basedOnVersion).toBe(2);
        const row = await store.getSnapshotRow('gala', 2);
        expect(row).toMatchObject({
          wheel: 'gala',
          version: 2,
          publishedAt: '2026-11-28T12:05:00.000Z',
          checksum: second.checksum,
        });
        expect(
          verifySnapshot({ ...(JSON.parse(row?.body ?? '{}') as SnapshotBody), checksum: row?.checksum }),
        ).toBe(true);
        expect(await store.getSnapshotRow('gala', 3)).toBeNull();
        expect((await store.listSnapshots('gala')).map((s) => [s.version, s.entries, s.publishedBy])).toEqual(
          [
            [2, 4, 'admin'],
            [1, 3, 'admin'],
          ],
        );
      });

      it('passes the previous published body to prepare, and writes nothing when prepare throws', async () => {
        const store = await freshStore();
        await createWheelWithDraft(store, 'gala', entriesOf(2));
        await publish(store, 'gala');
        const auditBefore = (await store.listAuditEvents()).length;
        let seenPrevious: SnapshotBody | null = null;
        const refused = store.publishDraft('gala', {
          publishedAt: PUBLISHED_AT,
          publishedBy: 'admin',
          prepare(_draft, previous) {
            seenPrevious = previous;
            throw new AppError('draft_invalid', 'no');
          },
        });
        expect(await errorCodeOf(refused)).toBe('draft_invalid');
        expect(seenPrevious).toMatchObject({ wheel: 'gala', version: 1, entries: entriesOf(2) });
        expect(await store.latestVersion('gala')).toBe(1);
        expect(await store.listAuditEvents()).toHaveLength(auditBefore);
        expect(await errorCodeOf(publish(store, 'nope'))).toBe('wheel_not_found');
      });

      it('never changes a published row: later drafts and publishes leave it byte for byte', async () => {
        const store = await freshStore();
        await createWheelWithDraft(store, 'gala', entriesOf(3));
        await publish(store, 'gala');
        const original = await store.getSnapshotRow('gala', 1);
        await store.replaceDraftEntries('gala', entriesOf(1, 'X'), audit('replace_draft', 'gala'));
        await store.updateDraftSettings(
          'gala',
          { ...DEFAULT_SETTINGS, removeWinners: true },
          audit('update_settings', 'gala'),
        );
        await publish(store, 'gala');
        await draw(store, 'gala', 2, { id: 'd1', ticket: 'X001', nextEntries: [] });
        expect(await store.getSnapshotRow('gala', 1)).toEqual(original);
      });

      it(`gives ${CONCURRENT_PUBLISHES} concurrent publishes the versions 1..${CONCURRENT_PUBLISHES}, no gap, no duplicate`, async () => {
        const store = await freshStore();
        await createWheelWithDraft(store, 'gala', entriesOf(10));
        await createWheelWithDraft(store, 'side', entriesOf(2));
        const results = await Promise.all([
          ...range(1, CONCURRENT_PUBLISHES).map(() => publish(store, 'gala')),
          // Writes to another wheel at the same time share the one audit chain.
          ...range(1, 10).map(() => publish(store, 'side')),
        ]);
        const galaVersions = results.filter((s) => s.wheel === 'gala').map((s) => s.version);
        expect([...galaVersions].sort((a, b) => a - b)).toEqual(range(1, CONCURRENT_PUBLISHES));
        expect(
          (await store.listSnapshotKeys()).filter((key) => key.wheel === 'gala').map((key) => key.version),
        ).toEqual(range(1, CONCURRENT_PUBLISHES));
        expect(await store.latestVersion('side')).toBe(10);
        await expectAuditChainIntact(store);
      });
    });

    describe('draws', () => {
      it('records draws with contiguous seq and consumes the pre-drawn plan', async () => {
        const store = await freshStore();
        await createWheelWithDraft(store, 'gala', entriesOf(5));
        await publish(store, 'gala');
        expect(await store.setPlan('gala', ['T003', 'T001'], audit('set_plan', 'gala'))).toEqual([
          'T003',
          'T001',
        ]);
        const seenPlans: string[][] = [];
        const drawFromPlan = (id: string) =>
          store.recordDraw('gala', {
            expectedVersion: 1,
            createdAt: PUBLISHED_AT,
            startedBy: 'presenter',
            checkSpinInProgress: false,
            decide(planned) {
              seenPlans.push(planned);
              const [next, ...rest] = planned;
              return decision({
                id,
                ticket: next ?? 'T005',
                remainingPlan: next === undefined ? null : rest,
              });
            },
          });
        const draws = [await drawFromPlan('d1'), await drawFromPlan('d2'), await drawFromPlan('d3')];
        expect(seenPlans).toEqual([['T003', 'T001'], ['T001'], []]);
        expect(draws.map((result) => [result.draw.seq, result.draw.ticket, result.nextSnapshot])).toEqual([
          [1, 'T003', null],
          [2, 'T001', null],
          [3, 'T005', null],
        ]);
        expect(await store.getPlan('gala')).toEqual([]);
        const listed = await store.listDraws('gala');
        expect(listed.map((d) => d.id)).toEqual(['d1', 'd2', 'd3']);
        expect(listed[0]).toMatchObject({
          version: 1,
          mode: 'random',
          targetIndex: 0,
          landedIndex: null,
          durationMs: null,
          rotations: 6,
          landingFraction: 0.37,
          plannedDurationMs: 11_000,
          startedBy: 'presenter',
        });
      });

      it('refuses a draw on an outdated version with the latest version, and on an unpublished wheel', async () => {
        const store = await freshStore();
        await createWheelWithDraft(store, 'gala', entriesOf(3));
        expect(await errorCodeOf(draw(store, 'gala', 1, { id: 'd0', ticket: 'T001' }))).toBe('not_published');
        await publish(store, 'gala');
        await publish(store, 'gala');
        const refused = await draw(store, 'gala', 1, { id: 'd1', ticket: 'T001' }).catch(
          (error: unknown) => error,
        );
        expect(refused).toBeInstanceOf(AppError);
        expect(refused).toMatchObject({ code: 'outdated_version', extra: { latestVersion: 2 } });
        expect(await errorCodeOf(draw(store, 'nope', 1, { id: 'd2', ticket: 'T001' }))).toBe(
          'wheel_not_found',
        );
        expect(await store.listDraws('gala')).toEqual([]);
      });

      it('with removeWinners publishes the next version without the winner in the draw transaction', async () => {
        const store = await freshStore();
        await createWheelWithDraft(store, 'gala', entriesOf(3), { ...DEFAULT_SETTINGS, removeWinners: true });
        const first = await publish(store, 'gala');
        const remaining = first.entries.filter((entry) => entry.ticket !== 'T002');
        const result = await draw(store, 'gala', 1, {
          id: 'd1',
          ticket: 'T002',
          targetIndex: 1,
          nextEntries: remaining,
        });
        expect(result.nextSnapshot).toMatchObject({
          wheel: 'gala',
          version: 2,
          entries: remaining,
          settings: first.settings,
        });
        expect(verifySnapshot(result.nextSnapshot)).toBe(true);
        expect(await store.latestVersion('gala')).toBe(2);
        const actions = (await store.listAuditEvents()).map((event) => event.action);
        expect(actions.slice(-2)).toEqual(['spin', 'publish']);
      });

      it('writes neither the draw nor the next version when the removeWinners publish fails', async () => {
        const store = await freshStore();
        await createWheelWithDraft(store, 'gala', entriesOf(3), { ...DEFAULT_SETTINGS, removeWinners: true });
        await publish(store, 'gala');
        const auditBefore = await store.listAuditEvents();
        // A weight with no JSON form makes the snapshot insert fail after the draw row was written.
        const unpublishable = [{ ticket: 'T001', name: 'Person 1', weight: BigInt(1) as unknown as number }];
        await expect(
          draw(store, 'gala', 1, { id: 'd1', ticket: 'T002', nextEntries: unpublishable }),
        ).rejects.toThrow();
        expect(await store.listDraws('gala')).toEqual([]);
        expect(await store.latestVersion('gala')).toBe(1);
        expect(await store.listAuditEvents()).toEqual(auditBefore);
      });

      it('serializes concurrent spins from two presenters: contiguous seq and versions, no ticket wins twice', async () => {
        const store = await freshStore();
        await createWheelWithDraft(store, 'gala', entriesOf(20), {
          ...DEFAULT_SETTINGS,
          removeWinners: true,
        });
        await publish(store, 'gala');
        let drawn = 0;
        // Each presenter spins on the version it last saw and, like a display, retries on a newer one.
        async function presenter(name: string): Promise<void> {
          let attempt = 0;
          while (drawn < WINNERS_DRAWN_BY_TWO_PRESENTERS) {
            attempt += 1;
            const version = (await store.latestVersion('gala')) as number;
            const row = await store.getSnapshotRow('gala', version);
            const entries = (JSON.parse(row?.body ?? '{}') as SnapshotBody).entries;
            const winner = entries[0] as Entry;
            try {
              await draw(store, 'gala', version, {
                id: `${name}-${attempt}`,
                ticket: winner.ticket,
                nextEntries: entries.slice(1),
              });
              drawn += 1;
            } catch (error) {
              if (!(error instanceof AppError && error.code === 'outdated_version')) throw error;
            }
          }
        }
        await Promise.all([presenter('a'), presenter('b')]);
        const draws = await store.listDraws('gala');
        expect(draws.map((d) => d.seq)).toEqual(range(1, draws.length));
        expect(draws.map((d) => d.version)).toEqual(range(1, draws.length));
        expect(new Set(draws.map((d) => d.ticket)).size).toBe(draws.length);
        expect(await store.latestVersion('gala')).toBe(draws.length + 1);
        await expectAuditChainIntact(store);
      });

      it('refuses a draw while the latest one turns (spin_in_progress); a landing, a void or its end frees the wheel', async () => {
        const store = await freshStore();
        await createWheelWithDraft(store, 'gala', entriesOf(5));
        await publish(store, 'gala');
        const at = (ms: number) => new Date(Date.parse(PUBLISHED_AT) + ms).toISOString();
        const spin = (id: string, ms: number) =>
          draw(store, 'gala', 1, { id, ticket: 'T001', createdAt: at(ms), checkSpinInProgress: true });
        const freeAfterMs = 11_000 + SPIN_LANDING_MARGIN_MS;

        await spin('d1', 0);
        const refused = await spin('d2', 1_000).catch((error: unknown) => error);
        expect(refused).toMatchObject({
          code: 'spin_in_progress',
          extra: { retryAfterMs: freeAfterMs - 1_000 },
        });
        // A draw that already happened on a display (offline upload) is recorded all the same.
        await draw(store, 'gala', 1, {
          id: 'offline',
          ticket: 'T002',
          mode: 'offline',
          createdAt: at(1_000),
        });
        expect(await errorCodeOf(spin('d3', freeAfterMs - 1))).toBe('spin_in_progress');
        await spin('d4', freeAfterMs);
        await store.recordLanded('gala', 'd4', { landedIndex: 0, durationMs: 11_000 }, { actor: 'display' });
        await spin('d5', freeAfterMs + 1_000);
        await store.voidDraw(
          'gala',
          'd5',
          { reason: 'mistake', voidedAt: at(freeAfterMs + 1_500) },
          audit('void'),
        );
        await spin('d6', freeAfterMs + 2_000);
        expect((await store.listDraws('gala')).map((d) => d.id)).toEqual(['d1', 'offline', 'd4', 'd5', 'd6']);
      });

      it('records exactly one of concurrent draws asked while the wheel is free', async () => {
        const store = await freshStore();
        await createWheelWithDraft(store, 'gala', entriesOf(5));
        await publish(store, 'gala');
        const outcomes = await Promise.allSettled(
          range(1, 6).map((n) =>
            draw(store, 'gala', 1, { id: `d${n}`, ticket: 'T001', checkSpinInProgress: true }),
          ),
        );
        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        expect(
          outcomes
            .map((outcome) => (outcome.status === 'rejected' ? (outcome.reason as AppError).code : 'drawn'))
            .sort(),
        ).toEqual(['drawn', ...Array(5).fill('spin_in_progress')]);
        expect(await store.listDraws('gala')).toHaveLength(1);
      });

      it('keeps the first landed report and ignores later ones, also when they race', async () => {
        const store = await freshStore();
        await createWheelWithDraft(store, 'gala', entriesOf(3));
        await publish(store, 'gala');
        await draw(store, 'gala', 1, { id: 'd1', ticket: 'T002', targetIndex: 1 });
        const reports = await Promise.all(
          range(1, 8).map((display) =>
            store.recordLanded(
              'gala',
              'd1',
              { landedIndex: display === 1 ? 1 : 2, durationMs: 11_000 + display },
              { actor: `display-${display}` },
            ),
          ),
        );
        expect(reports.filter((report) => report?.firstReport)).toHaveLength(1);
        expect(reports.every((report) => report?.ticket === 'T002')).toBe(true);
        const [landed] = await store.listDraws('gala');
        const winningReport = range(1, 8).find((_, index) => reports[index]?.firstReport) as number;
        expect(landed).toMatchObject({
          landedIndex: winningReport === 1 ? 1 : 2,
          durationMs: 11_000 + winningReport,
        });
        expect((await store.listAuditEvents()).filter((event) => event.action === 'landed')).toHaveLength(1);
        expect(
          await store.recordLanded(
            'gala',
            'unknown',
            { landedIndex: 0, durationMs: 1 },
            { actor: 'display' },
          ),
        ).toBeNull();
        expect(
          await store.recordLanded('other', 'd1', { landedIndex: 0, durationMs: 1 }, { actor: 'display' }),
        ).toBeNull();
      });
    });

    describe('appearance (title, logo, offline-spin policy)', () => {
      // Every byte value, so an encoding that mangles binary (text, UTF-8) fails here.
      const logoBytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, ...range(0, 255), 0, 0xff]);

      it('starts with the defaults, keeps what is changed, and removes the logo', async () => {
        const store = await freshStore();
        await createWheelWithDraft(store, 'gala', entriesOf(1));
        expect(await store.getAppearance('gala')).toEqual({
          title: '',
          offlineSpins: 'allow',
          logo: null,
          updatedAt: null,
        });
        const titled = await store.updateAppearance('gala', { title: 'Gala 2026 ✨' }, { actor: 'admin' });
        expect(titled).toMatchObject({ title: 'Gala 2026 ✨', offlineSpins: 'allow', logo: null });
        expect(typeof titled.updatedAt).toBe('string');

        const withLogo = await store.updateAppearance(
          'gala',
          {
            offlineSpins: 'refuse',
            logo: { sha256: 'a'.repeat(64), contentType: 'image/png', data: logoBytes },
          },
          { actor: 'admin' },
        );
        expect(withLogo).toMatchObject({
          title: 'Gala 2026 ✨',
          offlineSpins: 'refuse',
          logo: { sha256: 'a'.repeat(64), contentType: 'image/png', bytes: logoBytes.byteLength },
        });
        const logo = await store.getLogo('gala', 'a'.repeat(64));
        expect(logo?.contentType).toBe('image/png');
        expect([...(logo?.data ?? [])]).toEqual([...logoBytes]);
        expect(await store.getLogo('gala', 'b'.repeat(64))).toBeNull();

        const removed = await store.updateAppearance('gala', { logo: null }, { actor: 'admin' });
        expect(removed).toMatchObject({ title: 'Gala 2026 ✨', offlineSpins: 'refuse', logo: null });
        expect(await store.getLogo('gala', 'a'.repeat(64))).toBeNull();
      });

      it('keeps each wheel its own and leaves snapshots alone', async () => {
        const store = await freshStore();
        await createWheelWithDraft(store, 'alpha', entriesOf(2));
        await createWheelWithDraft(store, 'beta', entriesOf(2));
        const published = await publish(store, 'alpha');
        const rowBefore = await store.getSnapshotRow('alpha', published.version);
        await store.updateAppearance(
          'alpha',
          { title: 'Alpha', logo: { sha256: 'c'.repeat(64), contentType: 'image/webp', data: logoBytes } },
          { actor: 'admin' },
        );
        expect((await store.getAppearance('beta')).title).toBe('');
        expect(await store.getLogo('beta', 'c'.repeat(64))).toBeNull();
        expect(await store.getSnapshotRow('alpha', published.version)).toEqual(rowBefore);
        expect(await store.latestVersion('alpha')).toBe(published.version);
      });

      it('audits each change with the logo by hash only, and refuses an unknown wheel', async () => {
        const store = await freshStore();
        await createWheelWithDraft(store, 'gala', entriesOf(1));
        await store.updateAppearance(
          'gala',
          { title: 'Gala', logo: { sha256: 'd'.repeat(64), contentType: 'image/jpeg', data: logoBytes } },
          { actor: 'organizer' },
        );
        const event = (await store.listAuditEvents()).at(-1)!;
        expect(event).toMatchObject({
          actor: 'organizer',
          action: 'appearance',
          wheel: 'gala',
          details: {
            changed: ['title', 'logo'],
            title: 'Gala',
            offlineSpins: 'allow',
            logo: { sha256: 'd'.repeat(64), contentType: 'image/jpeg', bytes: logoBytes.byteLength },
          },
        });
        expect(JSON.stringify(event.details)).not.toContain(Buffer.from(logoBytes).toString('base64'));
        expect(await errorCodeOf(store.getAppearance('nope'))).toBe('wheel_not_found');
        expect(await errorCodeOf(store.updateAppearance('nope', { title: 'x' }, { actor: 'admin' }))).toBe(
          'wheel_not_found',
        );
        await expectAuditChainIntact(store);
      });
    });

    describe('audit log', () => {
      it('chains every state change, in order, with contiguous ids', async () => {
        const store = await freshStore();
        await store.createUser({ username: 'admin', role: 'admin', passwordHash: 'h' }, audit('create_user'));
        await createWheelWithDraft(store, 'gala', entriesOf(3));
        await publish(store, 'gala');
        await store.setPlan('gala', ['T001'], audit('set_plan', 'gala'));
        const appended = await store.appendAudit({
          actor: 'operator',
          action: 'note',
          wheel: null,
          details: { text: 'rehearsal', nested: { n: 1 } },
        });
        const events = await store.listAuditEvents();
        expect(events.map((event) => event.action)).toEqual([
          'create_user',
          'create_wheel',
          'replace_draft',
          'publish',
          'set_plan',
          'note',
        ]);
        expect(events.at(-1)).toEqual(appended);
        expect(appended.details).toEqual({ text: 'rehearsal', nested: { n: 1 } });
        await expectAuditChainIntact(store);
      });

      it('keeps the chain intact under concurrent writes of every kind', async () => {
        const store = await freshStore();
        await createWheelWithDraft(store, 'gala', entriesOf(3));
        await publish(store, 'gala');
        await Promise.all([
          ...range(1, 10).map((i) =>
            store.appendAudit({ actor: 'operator', action: 'note', wheel: null, details: { i } }),
          ),
          ...range(1, 10).map(() => publish(store, 'gala')),
          ...range(1, 10).map((i) => store.setPlan('gala', [`T00${i % 3}`], audit('set_plan', 'gala'))),
          ...range(1, 10).map((i) =>
            store.createWheel(
              { slug: `w${i}`, title: `W${i}`, settings: DEFAULT_SETTINGS },
              audit('create_wheel', `w${i}`),
            ),
          ),
        ]);
        expect(await store.listAuditEvents()).toHaveLength(3 + 40);
        await expectAuditChainIntact(store);
      });
    });
  });
}
