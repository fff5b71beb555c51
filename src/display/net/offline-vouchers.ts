// The offline vouchers of a presenter page: fetched while the server answers, kept in IndexedDB
// (a reload while offline still has them), and taken one per offline draw. Without a voucher for
// the version on screen the page draws nothing offline: the server never issued that winner.
import { isSeedHex, type OfflineVoucher } from '../../core/index.ts';
import type { DisplayState } from '../machine/display-machine.ts';
import type { Clock, FetchFunction } from './clock.ts';
import type { LocalStore } from './local-store.ts';
import { requestJson } from './request.ts';

export interface OfflineVouchers {
  /**
   * Asks the server for this page's vouchers for the version on screen, once the outbox is empty (an
   * upload still waiting may use a voucher a newer version would retire). Never rejects.
   */
  topUp(): Promise<void>;
  /** Takes (and forgets) the next voucher issued for this snapshot; null when there is none. */
  take(snapshot: { version: number; checksum: string }): Promise<OfflineVoucher | null>;
}

export interface OfflineVouchersDeps {
  getState(): DisplayState;
  clock: Clock;
  fetch: FetchFunction;
  slug: string;
  presenterKey: string | null;
  displayId: string;
  localStore: LocalStore;
}

function parseVoucher(value: unknown): OfflineVoucher | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'string' || typeof v.checksum !== 'string') return null;
  if (typeof v.version !== 'number' || typeof v.seed !== 'string' || !isSeedHex(v.seed)) return null;
  return { id: v.id, version: v.version, checksum: v.checksum, seed: v.seed };
}

function parseVouchers(values: unknown): OfflineVoucher[] {
  if (!Array.isArray(values)) return [];
  return values.map(parseVoucher).filter((voucher): voucher is OfflineVoucher => voucher !== null);
}

export function createOfflineVouchers(deps: OfflineVouchersDeps): OfflineVouchers {
  const { localStore, slug } = deps;
  const keyQuery = deps.presenterKey === null ? '' : `?key=${encodeURIComponent(deps.presenterKey)}`;
  const url = `/api/wheels/${encodeURIComponent(slug)}/offline-vouchers${keyQuery}`;
  let asking = false;
  /** The version whose vouchers the server answered since the last one was taken: nothing to ask. */
  let toppedUpFor: number | null = null;
  /** The vouchers held, mirrored to IndexedDB (kept here too: a page may have no IndexedDB). */
  let held: OfflineVoucher[] | null = null;
  const load = async (): Promise<OfflineVoucher[]> =>
    (held ??= parseVouchers(await localStore.cachedVouchers(slug)));
  const keep = async (vouchers: OfflineVoucher[]): Promise<void> => {
    held = vouchers;
    await localStore.cacheVouchers(slug, vouchers);
  };

  return {
    async topUp() {
      const state = deps.getState();
      const version = state.wheel?.version;
      if (asking || version === undefined || version === toppedUpFor || state.canSpin !== true) return;
      if (state.outbox.size > 0 || state.outbox.flushing) return;
      asking = true;
      try {
        const response = await requestJson(deps.fetch, deps.clock, url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          credentials: 'same-origin',
          body: JSON.stringify({ version, displayId: deps.displayId }),
        });
        if (response.ok) {
          const body = response.body as { vouchers?: unknown } | null;
          await keep(parseVouchers(body?.vouchers));
          toppedUpFor = version;
        } else if (response.code === 'http_status' && response.status === 403) {
          // offline_refused (or the rights are gone): the vouchers held are worth nothing now.
          await keep([]);
        }
      } catch (error) {
        console.warn('prizewheel: offline vouchers not fetched', error);
      } finally {
        asking = false;
      }
    },

    async take(snapshot) {
      const vouchers = await load();
      const index = vouchers.findIndex(
        (voucher) => voucher.version === snapshot.version && voucher.checksum === snapshot.checksum,
      );
      if (index < 0) return null;
      // NOTE: forgotten before the draw is animated, so a reload can never use it a second time.
      const voucher = vouchers[index]!;
      toppedUpFor = null;
      await keep(vouchers.filter((_, i) => i !== index));
      return voucher;
    },
  };
}
