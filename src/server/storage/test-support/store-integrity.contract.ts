// The storage contract, continued for draw integrity: draw records, void, the audit
// query, the verifiable mode and its seed epochs. Runs against every adapter like store.contract.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../core/index.ts';
import { verifyAuditChain } from '../audit-chain.ts';
import type { DrawContext, EpochSeeds, Store } from '../store.ts';
import type { OpenStore } from './store.contract.ts';
import { errorCodeOf } from './error-code.ts';
import { audit, entriesOf } from './contract-fixtures.ts';

const AT = '2026-11-28T12:00:00.000Z';
// Stored forms stand for sealed seeds; `open` is what the caller's key would unseal them to.
const CLEAR_BY_STORED: Record<string, string> = { 'sealed-a': 'a'.repeat(64), 'sealed-b': 'b'.repeat(64) };
const seedsWith = (stored: string, commitment: string): EpochSeeds => ({
  next: { seed: stored, commitment },
  open: (epoch) => CLEAR_BY_STORED[epoch.seed] ?? epoch.seed,
});
const SEED_A = seedsWith('sealed-a', 'commit-a');
const SEED_B = seedsWith('sealed-b', 'commit-b');

async function publishedWheel(
  store: Store,
  slug: string,
  count: number,
  removeWinners = false,
): Promise<string> {
  await store.createWheel(
    { slug, title: slug, settings: { ...DEFAULT_SETTINGS, removeWinners } },
    audit('create_wheel', slug),
  );
  await store.replaceDraftEntries(slug, entriesOf(count), audit('edit_entries', slug));
  const snapshot = await store.publishDraft(slug, {
    publishedAt: AT,
    publishedBy: 'admin',
    prepare: (draft) => ({
      entries: draft.entries,
      settings: draft.settings,
      audit: { actor: 'admin', details: {} },
    }),
  });
  return snapshot.checksum;
}

function publishAgain(store: Store, slug: string): Promise<unknown> {
  return store.publishDraft(slug, {
    publishedAt: AT,
    publishedBy: 'admin',
    prepare: (draft) => ({
      entries: draft.entries,
      settings: draft.settings,
      audit: { actor: 'admin', details: {} },
    }),
  });
}

function drawOn(
  store: Store,
  slug: string,
  version: number,
  options: { id: string; displayId?: string } = { id: 'd' },
) {
  const contexts: DrawContext[] = [];
  const result = store.recordDraw(slug, {
    expectedVersion: version,
    createdAt: AT,
    startedBy: 'presenter',
    // These cases draw back-to-back at one instant; the spin lock has its own store contract cases.
    checkSpinInProgress: false,
    ...(options.displayId ? { displayId: options.displayId } : {}),
    decide: (_planned, context) => {
      contexts.push(context);
      return {
        draw: {
          id: options.id,
          ticket: 'T1',
          name: 'Person 1',
          targetIndex: 0,
          mode: 'random',
          rotations: 6,
          landingFraction: 0.5,
          durationMs: 11_000,
        },
        remainingPlan: null,
        auditDetails: {},
        nextEntries: null,
      };
    },
  });
  return { result, contexts };
}

export function describeIntegrityStoreContract(name: string, openStore: OpenStore): void {
  describe(`Store contract (draw integrity): ${name}`, () => {
    const opened: Store[] = [];
    async function freshStore(): Promise<Store> {
      const store = await openStore();
      opened.push(store);
      return store;
    }
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    it('records the snapshot checksum, the display and the landing time of a draw', async () => {
      const store = await freshStore();
      const checksum = await publishedWheel(store, 'gala', 3);
      const { result, contexts } = drawOn(store, 'gala', 1, { id: 'd1', displayId: 'hall-screen' });
      const { draw } = await result;
      expect(contexts).toEqual([{ seq: 1, checksum, verification: null }]);
      expect(draw).toMatchObject({
        seq: 1,
        checksum,
        displayId: 'hall-screen',
        landedAt: null,
        voided: false,
        epoch: null,
      });
      await store.recordLanded('gala', 'd1', { landedIndex: 0, durationMs: 11_002 }, { actor: 'presenter' });
      const [listed] = await store.listDraws('gala');
      expect(listed).toMatchObject({
        landedIndex: 0,
        durationMs: 11_002,
        landedAt: expect.any(String) as string,
      });
    });

    it('voids a draw once (kept, audited), and the next draw takes the next seq', async () => {
      const store = await freshStore();
      await publishedWheel(store, 'gala', 3);
      await drawOn(store, 'gala', 1, { id: 'd1' }).result;
      const voided = await store.voidDraw(
        'gala',
        'd1',
        { reason: 'absent', voidedAt: AT },
        { actor: 'admin' },
      );
      expect(voided).toMatchObject({
        id: 'd1',
        voided: true,
        voidReason: 'absent',
        voidedAt: AT,
        voidedBy: 'admin',
      });
      expect(
        await errorCodeOf(
          store.voidDraw('gala', 'd1', { reason: 'again', voidedAt: AT }, { actor: 'admin' }),
        ),
      ).toBe('already_voided');
      expect(
        await store.voidDraw('gala', 'nope', { reason: 'x', voidedAt: AT }, { actor: 'admin' }),
      ).toBeNull();
      const { contexts, result } = drawOn(store, 'gala', 1, { id: 'd2' });
      await result;
      expect(contexts[0]?.seq).toBe(2);
      expect((await store.listDraws('gala')).map((d) => [d.id, d.voided])).toEqual([
        ['d1', true],
        ['d2', false],
      ]);
      const events = await store.listAuditEvents();
      expect(events.filter((e) => e.action === 'void')).toHaveLength(1);
      expect(verifyAuditChain(events)).toEqual([]);
    });

    it('queries the audit log by wheel, action, actor, time and id cursor, newest first', async () => {
      const store = await freshStore();
      await publishedWheel(store, 'gala', 2);
      await publishedWheel(store, 'fair', 2);
      await store.appendAudit({ actor: 'op', action: 'note', wheel: 'gala', details: {} });
      const all = await store.queryAuditEvents({ limit: 100 });
      expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));
      expect(all).toHaveLength(7);
      const gala = await store.queryAuditEvents({ wheel: 'gala', limit: 100 });
      expect(gala.map((e) => e.action)).toEqual(['note', 'publish', 'edit_entries', 'create_wheel']);
      expect((await store.queryAuditEvents({ action: 'publish', limit: 100 })).map((e) => e.wheel)).toEqual([
        'fair',
        'gala',
      ]);
      expect((await store.queryAuditEvents({ actor: 'op', limit: 100 })).map((e) => e.action)).toEqual([
        'note',
      ]);
      const page1 = await store.queryAuditEvents({ limit: 3 });
      const page2 = await store.queryAuditEvents({ limit: 3, before: page1.at(-1)!.id });
      expect([...page1, ...page2].map((e) => e.id)).toEqual(all.slice(0, 6).map((e) => e.id));
      expect(await store.queryAuditEvents({ since: '2999-01-01T00:00:00.000Z', limit: 10 })).toEqual([]);
      expect(await store.queryAuditEvents({ since: '2000-01-01T00:00:00.000Z', limit: 100 })).toHaveLength(7);
    });

    it('verifiable mode: opens an epoch, refuses plans, draws with the open seed, reveals and rotates', async () => {
      const store = await freshStore();
      await publishedWheel(store, 'gala', 3);
      expect(await store.getVerification('gala')).toEqual({ verifiable: false, epochs: [] });

      await store.setPlan('gala', ['T2'], audit('plan', 'gala'));
      expect(await errorCodeOf(store.setVerifiable('gala', true, SEED_A, { actor: 'admin' }))).toBe(
        'plan_not_empty',
      );
      await store.setPlan('gala', [], audit('plan', 'gala'));
      const on = await store.setVerifiable('gala', true, SEED_A, { actor: 'admin' });
      expect(on).toMatchObject({
        verifiable: true,
        epochs: [{ epoch: 1, seed: 'sealed-a', revealedAt: null, closedAt: null, version: 1, witness: null }],
      });
      expect(on.epochs[0]?.checksum).toMatch(/^sha256:/);
      expect(await errorCodeOf(store.setPlan('gala', ['T1'], audit('plan', 'gala')))).toBe('verifiable_mode');
      expect(await store.setPlan('gala', [], audit('plan', 'gala'))).toEqual([]);

      // The list is frozen while the epoch is open; the witness is taken once, before any draw.
      expect(await errorCodeOf(publishAgain(store, 'gala'))).toBe('epoch_open');
      await store.setWitness('gala', 'dice: 4 2 6', { actor: 'admin' });
      expect(await errorCodeOf(store.setWitness('gala', 'again', { actor: 'admin' }))).toBe(
        'witness_already_set',
      );

      const { result, contexts } = drawOn(store, 'gala', 1, { id: 'd1' });
      expect((await result).draw.epoch).toBe(1);
      expect(contexts[0]?.verification).toEqual({
        epoch: 1,
        seed: 'sealed-a',
        commitment: 'commit-a',
        witness: 'dice: 4 2 6',
      });

      const { revealed, verification } = await store.revealSeed('gala', SEED_B, { actor: 'admin' });
      expect(revealed).toMatchObject({
        epoch: 1,
        seed: 'a'.repeat(64),
        revealedAt: expect.any(String) as string,
      });
      expect(verification.epochs.map((e) => [e.epoch, e.revealedAt === null, e.seed])).toEqual([
        [1, false, 'a'.repeat(64)],
        [2, true, 'sealed-b'],
      ]);
      const second = drawOn(store, 'gala', 1, { id: 'd2' });
      expect((await second.result).draw.epoch).toBe(2);
      expect(await errorCodeOf(store.setWitness('gala', 'late', { actor: 'admin' }))).toBe('epoch_has_draws');

      // Turning the mode off closes the open epoch publicly: it had a draw, so its seed is revealed.
      const off = await store.setVerifiable('gala', false, SEED_A, { actor: 'admin' });
      expect(off.epochs.at(-1)).toMatchObject({ epoch: 2, seed: 'b'.repeat(64), closedAt: null });
      const third = drawOn(store, 'gala', 1, { id: 'd3' });
      await third.result;
      expect(third.contexts[0]?.verification).toBeNull();
      expect(await errorCodeOf(store.revealSeed('gala', SEED_A, { actor: 'admin' }))).toBe(
        'nothing_to_reveal',
      );
      expect(await errorCodeOf(store.setWitness('gala', 'none open', { actor: 'admin' }))).toBe(
        'no_open_epoch',
      );

      // An epoch without draws is closed, not revealed: its seed decided nothing and stays sealed.
      await store.setVerifiable('gala', true, SEED_A, { actor: 'admin' });
      const closed = await store.setVerifiable('gala', false, SEED_B, { actor: 'admin' });
      expect(closed.epochs.at(-1)).toMatchObject({
        epoch: 3,
        seed: 'sealed-a',
        revealedAt: null,
        closedAt: expect.any(String) as string,
      });
      expect(await publishAgain(store, 'gala')).toMatchObject({ version: 2 });
      const actions = (await store.listAuditEvents()).map((e) => e.action);
      expect(actions.filter((a) => a === 'verifiable_mode')).toHaveLength(4);
      expect(actions.filter((a) => a === 'reveal_seed')).toHaveLength(1);
      expect(actions.filter((a) => a === 'witness')).toHaveLength(1);
      expect(verifyAuditChain(await store.listAuditEvents())).toEqual([]);
    });
  });
}
