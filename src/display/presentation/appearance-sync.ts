// Keeps the wheel page's appearance (title, logo, offline-spin policy) in step with the wheel's
// settings: the last one from IndexedDB at start (an offline start still knows it), then the
// server's (at start, on every stream reconnect, on each `appearance` event). The logo travels as
// bytes (a Blob) so the cache can show it offline; a logo that cannot be fetched is left out.
import {
  DEFAULT_APPEARANCE,
  parseWheelAppearance,
  type OfflineSpinPolicy,
  type WheelAppearance,
} from '../../core/index.ts';
import type { Clock, FetchFunction } from '../net/clock.ts';
import type { LocalStore } from '../net/local-store.ts';
import { requestJson, REQUEST_TIMEOUT_MS } from '../net/request.ts';

export interface AppearanceView {
  /** Shows the appearance; `logo` is the image for `appearance.logoUrl` (null: none, or unavailable). */
  show(appearance: WheelAppearance, logo: Blob | null): void;
}

export interface AppearanceSyncOptions {
  slug: string;
  fetch: FetchFunction;
  clock: Clock;
  localStore: Pick<LocalStore, 'cachedAppearance' | 'cacheAppearance'>;
  view: AppearanceView;
  /** `?offlineSpins=` on the page: `refuse` tightens the wheel's setting; `allow` never loosens it. */
  offlineSpinsOverride: OfflineSpinPolicy | null;
}

export interface AppearanceSync {
  /** What a presenter page does when a spin cannot reach the server. */
  offlineSpins(): OfflineSpinPolicy;
  current(): WheelAppearance;
  /** Asks the server again (start, reconnect); never rejects. */
  refresh(): Promise<void>;
  /** An `appearance` event's body (untrusted); never rejects. */
  receive(body: unknown): Promise<void>;
}

/** The logo's bytes, or null when it cannot be had in time (the page shows no logo then). */
async function fetchLogo(fetchFn: FetchFunction, clock: Clock, url: string): Promise<Blob | null> {
  const controller = new AbortController();
  const timer = clock.setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    const response = await fetchFn(url, { signal: controller.signal });
    if (!response.ok) return null;
    const blob = await response.blob();
    return blob.size > 0 && blob.type.startsWith('image/') ? blob : null;
  } catch {
    return null;
  } finally {
    clock.clearTimeout(timer);
  }
}

/** The page's `?offlineSpins=` may tighten the wheel's policy, never loosen it. */
function tightened(wheel: OfflineSpinPolicy, page: OfflineSpinPolicy | null): OfflineSpinPolicy {
  return page === 'refuse' ? 'refuse' : wheel;
}

export function startAppearanceSync(options: AppearanceSyncOptions): AppearanceSync {
  const { slug, clock, localStore, view } = options;
  let shown: WheelAppearance = DEFAULT_APPEARANCE;
  /** The image for `logoUrl`, once fetched (or from the cache). */
  let logo: { url: string; blob: Blob } | null = null;
  /** Bumped by every change; a slower, older change that finishes later is dropped. */
  let generation = 0;
  let heardFromServer = false;

  const showAppearance = (appearance: WheelAppearance): void => {
    shown = appearance;
    const offlineSpins = tightened(appearance.offlineSpins, options.offlineSpinsOverride);
    view.show(
      { ...appearance, offlineSpins },
      appearance.logoUrl !== null && logo?.url === appearance.logoUrl ? logo.blob : null,
    );
  };

  const applyFromServer = async (appearance: WheelAppearance): Promise<void> => {
    const mine = ++generation;
    heardFromServer = true;
    if (appearance.logoUrl !== null && logo?.url !== appearance.logoUrl) {
      // The new title and policy at once; the logo follows when its bytes are here.
      showAppearance(appearance);
      const blob = await fetchLogo(options.fetch, clock, appearance.logoUrl);
      if (mine !== generation) return;
      if (blob !== null) logo = { url: appearance.logoUrl, blob };
    }
    showAppearance(appearance);
    const cachedLogo = appearance.logoUrl !== null && logo?.url === appearance.logoUrl ? logo.blob : null;
    // Without the bytes, keep the cache as it was: an offline start then shows the older logo.
    if (appearance.logoUrl === null || cachedLogo !== null)
      await localStore.cacheAppearance(slug, { appearance, logo: cachedLogo });
  };

  const loadCached = async (): Promise<void> => {
    const mine = generation;
    const cached = await localStore.cachedAppearance(slug);
    const appearance = parseWheelAppearance(cached?.appearance);
    if (appearance === null || heardFromServer || mine !== generation) return;
    if (appearance.logoUrl !== null && cached?.logo instanceof Blob)
      logo = { url: appearance.logoUrl, blob: cached.logo };
    showAppearance(appearance);
  };

  const refresh = async (): Promise<void> => {
    try {
      const response = await requestJson(
        options.fetch,
        clock,
        `/api/wheels/${encodeURIComponent(slug)}/appearance`,
        { headers: { accept: 'application/json' }, cache: 'no-store' },
      );
      if (!response.ok) return; // unreachable or refused: keep what is shown
      const appearance = parseWheelAppearance(response.body);
      if (appearance === null) {
        console.warn('prizewheel: malformed appearance ignored');
        return;
      }
      await applyFromServer(appearance);
    } catch (error) {
      console.error('prizewheel: appearance refresh failed', error);
    }
  };

  showAppearance(DEFAULT_APPEARANCE);
  // Both at once: the server's answer wins whenever it comes; the cache only fills the wait.
  void loadCached().catch((error: unknown) => console.error('prizewheel: cached appearance failed', error));
  void refresh();

  return {
    offlineSpins: () => tightened(shown.offlineSpins, options.offlineSpinsOverride),
    current: () => shown,
    refresh,
    async receive(body) {
      const appearance = parseWheelAppearance(body);
      if (appearance === null) {
        console.warn('prizewheel: malformed appearance event skipped');
        return;
      }
      await applyFromServer(appearance).catch((error: unknown) =>
        console.error('prizewheel: appearance event failed', error),
      );
    },
  };
}
