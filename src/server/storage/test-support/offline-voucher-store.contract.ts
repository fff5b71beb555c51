// The storage contract for offline vouchers: issued per holder and version, used by one offline draw
// in the draw's own transaction (never twice, even by parallel draws). Runs against every adapter.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Entry, type Snapshot } from '../../../core/index.ts';
import type { OfflineVoucherIssue, Store } from '../store.ts';
import { errorCodeOf } from './error-code.ts';
import type { OpenStore } from './store.contract.ts';
import { audit, entriesOf } from './contract-fixtures.ts';

const AT = '2026-12-06T03:00:00.000Z';

async function publish(store: Store, slug: string, entries: Entry[]): Promise<Snapshot> {
  await store.replaceDraftEntries(slug, entries, audit('edit_entries', slug));
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

function issueTo(holder: string, displayId: string | null = null): OfflineVoucherIssue {
  let made = 0;
  return {
    holder,
    displayId,
    count: 3,
    newVoucher: () => {
      made += 1;
      return { id: `${holder}-${displayId ?? 'none'}-${made}-${Math.random()}`, seed: 'ab'.repeat(32) };
    },
  };
}

/** An offline draw of T1 from `voucherId` on `version`; collects what decide was told. */
function offlineDraw(store: Store, slug: string, version: number, voucherId: string, id: string) {
  const latest: Array<Snapshot | undefined> = [];
  const result = store.recordDraw(slug, {
    expectedVersion: version,
    createdAt: AT,
    startedBy: 'presenter-key:k1',
    offline: { voucherId },
    decide: (_planned, context) => {
      latest.push(context.latest);
      const next = context.latest?.settings.removeWinners
        ? context.latest.entries.filter((entry) => entry.ticket !== 'T1')
        : null;
      return {
        draw: {
          id,
          ticket: 'T1',
          name: 'Person 1',
          targetIndex: 0,
          mode: 'offline',
          rotations: 6,
          landingFraction: 0.5,
          durationMs: 11_000,
        },
        remainingPlan: null,
        auditDetails: { voucherId },
        nextEntries: next,
      };
    },
  });
  return { result, latest };
}

export function describeOfflineVoucherStoreContract(name: string, openStore: OpenStore): void {
  describe(`Store contract (offline vouchers): ${name}`, () => {
    const opened: Store[] = [];
    async function wheel(removeWinners = false): Promise<Store> {
      const store = await openStore();
      opened.push(store);
      await store.createWheel(
        { slug: 'gala', title: 'Gala', settings: { ...DEFAULT_SETTINGS, removeWinners } },
        audit('create_wheel', 'gala'),
      );
      return store;
    }
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    it("issues a holder's vouchers for the latest version, the same ones again, and retires them after a publish", async () => {
      const store = await wheel();
      const first = await publish(store, 'gala', entriesOf(5));
      const issued = await store.issueOfflineVouchers('gala', issueTo('presenter-key:k1'));
      expect(issued).toHaveLength(3);
      expect(issued[0]).toMatchObject({
        version: 1,
        checksum: first.checksum,
        usedAt: null,
        retiredAt: null,
      });
      expect(await store.issueOfflineVouchers('gala', issueTo('presenter-key:k1'))).toEqual(issued);
      const other = await store.issueOfflineVouchers('gala', issueTo('presenter-key:k1', 'screen-2'));
      expect(other.map((voucher) => voucher.id)).not.toContain(issued[0]!.id);

      await publish(store, 'gala', entriesOf(4));
      const next = await store.issueOfflineVouchers('gala', issueTo('presenter-key:k1'));
      expect(next.map((voucher) => voucher.version)).toEqual([2, 2, 2]);
      expect(await store.findOfflineVoucher('gala', issued[0]!.id)).toMatchObject({
        retiredAt: expect.any(String),
      });
      expect(await store.findOfflineVoucher('gala', other[0]!.id)).toMatchObject({ retiredAt: null });
      const audits = (await store.listAuditEvents()).filter((event) => event.action === 'offline_vouchers');
      expect(audits.map((event) => event.details)).toMatchObject([
        { version: 1, retired: 0 },
        { version: 1, displayId: 'screen-2', retired: 0 },
        { version: 2, retired: 3 },
      ]);
    });

    it('records one offline draw per voucher, even from parallel draws, and answers voucher_used after', async () => {
      const store = await wheel();
      await publish(store, 'gala', entriesOf(5));
      const [voucher] = await store.issueOfflineVouchers('gala', issueTo('presenter-key:k1'));
      const attempts = await Promise.allSettled(
        ['a', 'b', 'c'].map((id) => offlineDraw(store, 'gala', 1, voucher!.id, id).result),
      );
      expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
      for (const attempt of attempts)
        if (attempt.status === 'rejected')
          expect(await errorCodeOf(Promise.reject(attempt.reason))).toBe('voucher_used');
      expect(await store.listDraws('gala')).toHaveLength(1);
      const used = await store.findOfflineVoucher('gala', voucher!.id);
      expect(used?.drawId).toBe((await store.listDraws('gala'))[0]!.id);
      expect(await errorCodeOf(offlineDraw(store, 'gala', 1, voucher!.id, 'd').result)).toBe('voucher_used');
    });

    it('records an offline draw on its older version and publishes the next version from the latest', async () => {
      const store = await wheel(true);
      await publish(store, 'gala', entriesOf(5));
      const [voucher] = await store.issueOfflineVouchers('gala', issueTo('presenter-key:k1'));
      const second = await publish(store, 'gala', entriesOf(4));
      const { result, latest } = offlineDraw(store, 'gala', 1, voucher!.id, 'late');
      const { draw, nextSnapshot } = await result;
      expect(draw).toMatchObject({ version: 1, mode: 'offline', ticket: 'T1' });
      expect(latest.map((snapshot) => snapshot?.version)).toEqual([2]);
      expect(latest[0]?.checksum).toBe(second.checksum);
      expect(nextSnapshot?.version).toBe(3);
      expect(nextSnapshot?.entries.map((entry) => entry.ticket)).toEqual(['T2', 'T3', 'T4']);
    });

    it('refuses an offline draw on a verifiable wheel and leaves the voucher unused', async () => {
      const store = await wheel();
      await publish(store, 'gala', entriesOf(5));
      const [voucher] = await store.issueOfflineVouchers('gala', issueTo('presenter-key:k1'));
      await store.setVerifiable(
        'gala',
        true,
        { next: { seed: 'sealed-c', commitment: 'commit-c' }, open: (epoch) => epoch.seed },
        { actor: 'admin' },
      );
      expect(await errorCodeOf(offlineDraw(store, 'gala', 1, voucher!.id, 'v').result)).toBe(
        'offline_refused',
      );
      expect(await store.listDraws('gala')).toEqual([]);
      expect(await store.findOfflineVoucher('gala', voucher!.id)).toMatchObject({ usedAt: null });
    });
  });
}
