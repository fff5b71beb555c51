import { describe, expect, it } from 'vitest';
import type { WheelAppearance } from '../../core/index.ts';
import type { FetchFunction } from '../net/clock.ts';
import type { CachedAppearance } from '../net/local-store.ts';
import { createManualClock } from '../test-support/manual-clock.ts';
import { startAppearanceSync, type AppearanceSyncOptions } from './appearance-sync.ts';

const LOGO_URL = `/api/wheels/default/logo/${'a'.repeat(64)}`;
const GALA: WheelAppearance = { title: 'Gala', logoUrl: LOGO_URL, offlineSpins: 'refuse' };
const LOGO_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

interface Harness {
  shown: Array<{ appearance: WheelAppearance; logo: Blob | null }>;
  cache: Map<string, CachedAppearance>;
  requests: string[];
  settle(): Promise<void>;
}

/** A server answering `appearance` (or failing when `online` is false), a real-shaped cache, a recording view. */
function setUp(
  server: { appearance: unknown; online: boolean },
  cached: CachedAppearance | null = null,
  override: AppearanceSyncOptions['offlineSpinsOverride'] = null,
) {
  const harness: Harness = {
    shown: [],
    cache: new Map(cached ? [['default', cached]] : []),
    requests: [],
    settle: async () => {
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
  const fetch: FetchFunction = async (url) => {
    harness.requests.push(url);
    if (!server.online) throw new TypeError('Failed to fetch');
    if (url === LOGO_URL) return new Response(LOGO_BYTES, { headers: { 'content-type': 'image/png' } });
    return Response.json(server.appearance);
  };
  const sync = startAppearanceSync({
    slug: 'default',
    fetch,
    clock: createManualClock().clock,
    localStore: {
      cachedAppearance: async (wheel) => harness.cache.get(wheel) ?? null,
      cacheAppearance: async (wheel, value) => void harness.cache.set(wheel, value),
    },
    view: { show: (appearance, logo) => harness.shown.push({ appearance, logo }) },
    offlineSpinsOverride: override,
  });
  return { sync, harness };
}

describe('startAppearanceSync', () => {
  it('shows the server appearance with the logo bytes and caches both', async () => {
    const { sync, harness } = setUp({ appearance: GALA, online: true });
    expect(sync.offlineSpins()).toBe('allow'); // the default until the server has answered
    await harness.settle();
    expect(sync.offlineSpins()).toBe('refuse');
    const last = harness.shown.at(-1)!;
    expect(last.appearance).toEqual(GALA);
    expect(new Uint8Array(await last.logo!.arrayBuffer())).toEqual(LOGO_BYTES);
    expect(harness.cache.get('default')?.appearance).toEqual(GALA);
    expect(harness.cache.get('default')?.logo).toBe(last.logo);
  });

  it('starts offline from the cache: title, logo and policy', async () => {
    const logo = new Blob([LOGO_BYTES], { type: 'image/png' });
    const { sync, harness } = setUp({ appearance: null, online: false }, { appearance: GALA, logo });
    await harness.settle();
    expect(sync.offlineSpins()).toBe('refuse');
    expect(harness.shown.at(-1)).toEqual({ appearance: GALA, logo });
  });

  it('applies pushed changes, removes the logo, and ignores malformed bodies', async () => {
    const { sync, harness } = setUp({ appearance: GALA, online: true });
    await harness.settle();
    await sync.receive({ title: 'Finale', logoUrl: null, offlineSpins: 'allow' });
    expect(harness.shown.at(-1)).toEqual({
      appearance: { title: 'Finale', logoUrl: null, offlineSpins: 'allow' },
      logo: null,
    });
    expect(sync.offlineSpins()).toBe('allow');
    await sync.receive({ title: 42 });
    await sync.receive({ ...GALA, logoUrl: 'https://elsewhere.example/logo.png' });
    expect(sync.current().title).toBe('Finale');
    expect(harness.cache.get('default')?.appearance).toEqual({
      title: 'Finale',
      logoUrl: null,
      offlineSpins: 'allow',
    });
  });

  it('never lets ?offlineSpins=allow loosen a wheel that refuses offline spins', async () => {
    const { sync, harness } = setUp({ appearance: GALA, online: true }, null, 'allow');
    await harness.settle();
    expect(sync.current().offlineSpins).toBe('refuse');
    expect(sync.offlineSpins()).toBe('refuse');
    expect(harness.shown.at(-1)?.appearance.offlineSpins).toBe('refuse');
  });

  it('lets ?offlineSpins=refuse tighten a wheel that allows offline spins', async () => {
    const allowing = { ...GALA, offlineSpins: 'allow' as const };
    const { sync, harness } = setUp({ appearance: allowing, online: true }, null, 'refuse');
    await harness.settle();
    expect(sync.current().offlineSpins).toBe('allow');
    expect(sync.offlineSpins()).toBe('refuse');
    expect(harness.shown.at(-1)?.appearance.offlineSpins).toBe('refuse');
  });

  it('keeps what it shows when the server cannot be reached on a refresh', async () => {
    const server = { appearance: GALA, online: true };
    const { sync, harness } = setUp(server);
    await harness.settle();
    server.online = false;
    await sync.refresh();
    expect(sync.current()).toEqual(GALA);
    expect(harness.shown.at(-1)?.logo).not.toBeNull();
  });
});
