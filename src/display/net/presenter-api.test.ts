import { describe, expect, it } from 'vitest';
import type { FetchFunction } from './clock.ts';
import { createManualClock } from '../test-support/manual-clock.ts';
import { createPresenterApi } from './presenter-api.ts';

const PLAN = {
  id: 's1',
  wheel: 'gala',
  version: 7,
  targetIndex: 2,
  ticket: '00042',
  name: 'Ana Lima',
  rotations: 6,
  landingFraction: 0.37,
  durationMs: 11_000,
};

function api(
  answer: (url: string, init?: RequestInit) => Response | Promise<Response>,
  key: string | null = 'k 1',
) {
  const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
  const fetch: FetchFunction = async (url, init) => {
    calls.push({ url, init });
    return answer(url, init);
  };
  const presenter = createPresenterApi({
    fetch,
    clock: createManualClock().clock,
    slug: 'gala',
    presenterKey: key,
  });
  return { presenter, calls };
}

const json = (body: unknown, status: number) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('createPresenterApi', () => {
  it('posts the version with the presenter key and reads the plan', async () => {
    const { presenter, calls } = api(() => json(PLAN, 201));
    await expect(presenter.requestDraw(7)).resolves.toEqual({ kind: 'plan', plan: PLAN });
    expect(calls[0]!.url).toBe('/api/wheels/gala/spins?key=k%201');
    expect(calls[0]!.init?.method).toBe('POST');
    expect(JSON.parse(String(calls[0]!.init?.body))).toEqual({ version: 7 });
  });

  it('reads 409 as stale with the latest version', async () => {
    const { presenter } = api(() =>
      json({ error: { code: 'stale_version', message: 'x' }, latestVersion: 8 }, 409),
    );
    await expect(presenter.requestDraw(7)).resolves.toEqual({ kind: 'stale', latestVersion: 8 });
  });

  it.each([
    [409, 'spin_in_progress'],
    [429, 'rate_limited'],
  ])('reads %i %s as busy with the time to wait', async (status, code) => {
    const { presenter } = api(() =>
      json({ error: { code, message: 'The wheel is still turning' }, retryAfterMs: 4_200 }, status),
    );
    await expect(presenter.requestDraw(7)).resolves.toEqual({ kind: 'busy', retryAfterMs: 4_200 });
  });

  it.each([401, 403])('reads %i as no presenter rights', async (status) => {
    const { presenter } = api(() => json({ error: { code: 'forbidden', message: 'x' } }, status));
    await expect(presenter.requestDraw(7)).resolves.toEqual({ kind: 'forbidden', status });
  });

  it('refuses a plan of the wrong shape, and never rejects on network errors', async () => {
    await expect(
      api(() => json({ ...PLAN, targetIndex: '2' }, 201)).presenter.requestDraw(7),
    ).resolves.toMatchObject({
      kind: 'failed',
      code: 'bad_plan',
    });
    const broken = api(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(broken.presenter.requestDraw(7)).resolves.toMatchObject({ kind: 'failed', code: 'network' });
    await expect(broken.presenter.fetchRights()).resolves.toBe(false);
    await expect(broken.presenter.reportLanded('s1', 2, 11_004)).resolves.toBe('unreachable');
  });

  it('asks for presenter rights and reports the landing', async () => {
    const { presenter, calls } = api((url) =>
      url.includes('/presenter') ? json({ canSpin: true }, 200) : new Response(null, { status: 204 }),
    );
    await expect(presenter.fetchRights()).resolves.toBe(true);
    expect(calls[0]!.url).toBe('/api/wheels/gala/presenter?key=k%201');
    await expect(presenter.reportLanded('s/1', 2, 11_004.4)).resolves.toBe('recorded');
    expect(calls[1]!.url).toBe('/api/wheels/gala/spins/s%2F1/landed?key=k%201');
    expect(JSON.parse(String(calls[1]!.init?.body))).toEqual({ landedIndex: 2, durationMs: 11_004 });
  });

  it('names its display with each spin and landing report (the server then accepts the landing from it)', async () => {
    const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
    const presenter = createPresenterApi({
      fetch: async (url, init) => {
        calls.push({ url, init });
        return url.endsWith('/landed?key=k') ? new Response(null, { status: 204 }) : json(PLAN, 201);
      },
      clock: createManualClock().clock,
      slug: 'gala',
      presenterKey: 'k',
      displayId: 'screen-1',
    });
    await presenter.requestDraw(7);
    await presenter.reportLanded('s1', 2, 11_000);
    expect(calls.map((call) => JSON.parse(String(call.init?.body)) as unknown)).toEqual([
      { version: 7, displayId: 'screen-1' },
      { landedIndex: 2, durationMs: 11_000, displayId: 'screen-1' },
    ]);
  });

  it('has no key query without a key (the admin session cookie goes along)', async () => {
    const { presenter, calls } = api(() => json({ canSpin: false }, 200), null);
    await expect(presenter.fetchRights()).resolves.toBe(false);
    expect(calls[0]!.url).toBe('/api/wheels/gala/presenter');
    expect(calls[0]!.init?.credentials).toBe('same-origin');
  });
});
