import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LANDING_MARGIN } from '../../../../core/index.ts';
import {
  createTestApp,
  keepWinners,
  publishEntries,
  sampleEntries,
  type TestApp,
} from '../../../test-support/test-app.ts';
import { spinAndLand } from '../../../test-support/land-spin.ts';

let t: TestApp;
let cookie: string;

beforeEach(async () => {
  t = await createTestApp();
  cookie = await t.signIn();
  await keepWinners(t, cookie);
});
afterEach(async () => {
  await t.close();
});

const spin = (version: number, headers: Record<string, string> = { cookie }) =>
  t.app.inject({ method: 'POST', url: '/api/wheels/default/spins', headers, payload: { version } });

describe('POST /api/wheels/:slug/spins', () => {
  it('returns 401 without an admin session', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(3));
    const response = await spin(1, {});
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthorized');
  });

  it('returns 404 when nothing is published', async () => {
    const response = await spin(1);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_published');
  });

  it('returns 409 with latestVersion when a newer version is published', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(3));
    await publishEntries(t, cookie, 'default', sampleEntries(4));
    const response = await spin(1);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ error: { code: 'outdated_version' }, latestVersion: 2 });
  });

  it('answers 201 with a spin plan that was written to the draw log first', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(10));
    const response = await spin(1);
    expect(response.statusCode).toBe(201);
    const plan = response.json();
    expect(Object.keys(plan).sort()).toEqual([
      'durationMs',
      'id',
      'landingFraction',
      'name',
      'rotations',
      'targetIndex',
      'ticket',
      'version',
      'wheel',
    ]);
    expect(plan.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(plan.ticket).toBe(sampleEntries(10)[plan.targetIndex]!.ticket);
    expect(plan.durationMs).toBe(11_000);
    expect(plan.rotations).toBeGreaterThanOrEqual(5);
    expect(plan.rotations).toBeLessThanOrEqual(8);
    expect(plan.landingFraction).toBeGreaterThanOrEqual(LANDING_MARGIN);

    const draws = (
      await t.app.inject({ method: 'GET', url: '/api/admin/wheels/default/draws', headers: { cookie } })
    ).json().draws;
    expect(draws).toEqual([
      {
        id: plan.id,
        seq: 1,
        version: 1,
        ticket: plan.ticket,
        name: plan.name,
        targetIndex: plan.targetIndex,
        mode: 'random',
        createdAt: expect.any(String),
        landedIndex: null,
        durationMs: null,
        checksum: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
        landedAt: null,
        startedBy: 'admin',
        startedByLabel: 'admin',
        displayId: null,
        voided: false,
        voidReason: null,
        voidedAt: null,
        voidedBy: null,
        epoch: null,
        // An ordinary draw (a wheel without prizes): the event program's fields are empty.
        prizeId: null,
        batchId: null,
        role: null,
        rank: null,
        substitutes: null,
        promotedFrom: null,
        declined: null,
        rehearsal: false,
      },
    ]);
  });

  it('numbers draws per wheel from 1 without gaps', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(10));
    for (let i = 0; i < 3; i++) await spinAndLand(t.app, { cookie }, 'default', 1);
    const draws = (
      await t.app.inject({ method: 'GET', url: '/api/admin/wheels/default/draws', headers: { cookie } })
    ).json().draws;
    expect(draws.map((draw: { seq: number }) => draw.seq)).toEqual([1, 2, 3]);
  });

  it('records one draw under concurrent spins and keeps versions contiguous under concurrent publishes', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(10));
    const spins = await Promise.all(Array.from({ length: 8 }, () => spin(1)));
    // One spin at a time: the first draw holds the wheel, the others are refused in the same transaction.
    expect(spins.map((response) => response.statusCode).sort()).toEqual([201, ...Array(7).fill(409)]);
    expect(
      spins.filter((response) => response.statusCode === 409).map((response) => response.json().error.code),
    ).toEqual(Array(7).fill('spin_in_progress'));
    const publishes = await Promise.all(
      Array.from({ length: 4 }, () =>
        t.app.inject({
          method: 'POST',
          url: '/api/admin/wheels/default/publish',
          headers: { cookie },
          payload: {},
        }),
      ),
    );
    expect(publishes.map((response) => response.json().version).sort()).toEqual([2, 3, 4, 5]);
    const draws = (
      await t.app.inject({ method: 'GET', url: '/api/admin/wheels/default/draws', headers: { cookie } })
    ).json().draws;
    expect(draws.map((draw: { seq: number }) => draw.seq)).toEqual([1]);
  });

  it('takes the first planned ticket and removes it from the plan', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(10));
    await t.app.inject({
      method: 'PUT',
      url: '/api/admin/wheels/default/plan',
      headers: { cookie },
      payload: { tickets: ['0007', '0003'] },
    });
    const plan = (await spin(1)).json();
    expect(plan).toMatchObject({ ticket: '0007', targetIndex: 6 });
    expect(Object.keys(plan)).not.toContain('mode');
    const saved = await t.app.inject({
      method: 'GET',
      url: '/api/admin/wheels/default/plan',
      headers: { cookie },
    });
    expect(saved.json()).toEqual({ tickets: ['0003'], prizes: {} });
    const draws = (
      await t.app.inject({ method: 'GET', url: '/api/admin/wheels/default/draws', headers: { cookie } })
    ).json().draws;
    expect(draws[0].mode).toBe('predrawn');
  });

  it('draws at random when the planned ticket is not on the wheel, and audits why', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(10));
    await t.app.inject({
      method: 'PUT',
      url: '/api/admin/wheels/default/plan',
      headers: { cookie },
      payload: { tickets: ['9999'] },
    });
    expect((await spin(1)).statusCode).toBe(201);
    const draws = (
      await t.app.inject({ method: 'GET', url: '/api/admin/wheels/default/draws', headers: { cookie } })
    ).json().draws;
    expect(draws[0].mode).toBe('random');
    const events = await t.app.store.listAuditEvents();
    const spinEvent = events.find((event) => event.action === 'spin');
    expect(spinEvent?.details.skippedPlannedTicket).toEqual({ ticket: '9999', reason: 'not_in_snapshot' });
  });

  it('publishes the next version without the winner when removeWinners is on', async () => {
    await t.app.inject({
      method: 'PUT',
      url: '/api/admin/wheels/default/draft/settings',
      headers: { cookie },
      payload: { removeWinners: true },
    });
    await publishEntries(t, cookie, 'default', sampleEntries(5));
    const plan = (await spin(1)).json();
    const latest = (await t.app.inject({ method: 'GET', url: '/api/wheels/default/snapshot' })).json();
    expect(latest.version).toBe(2);
    expect(latest.entries).toHaveLength(4);
    expect(latest.entries.map((entry: { ticket: string }) => entry.ticket)).not.toContain(plan.ticket);
  });

  it('never shows the plan on a public endpoint', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(10));
    await t.app.inject({
      method: 'PUT',
      url: '/api/admin/wheels/default/plan',
      headers: { cookie },
      payload: { tickets: ['0007'] },
    });
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/wheels/default/plan' })).statusCode).toBe(
      401,
    );
    const snapshot = await t.app.inject({ method: 'GET', url: '/api/wheels/default/snapshot' });
    expect(snapshot.body).not.toContain('predrawn');
  });
});

describe('POST /api/wheels/:slug/spins/:id/landed', () => {
  it('records the first report, answers 204, and 404 for an unknown spin', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(10));
    const plan = (await spin(1)).json();
    const landed = (landedIndex: number, id = plan.id) =>
      t.app.inject({
        method: 'POST',
        url: `/api/wheels/default/spins/${id}/landed`,
        headers: { cookie },
        payload: { landedIndex, durationMs: 11_004 },
      });
    expect((await landed(plan.targetIndex)).statusCode).toBe(204);
    expect((await landed(0)).statusCode).toBe(204);
    const draws = (
      await t.app.inject({ method: 'GET', url: '/api/admin/wheels/default/draws', headers: { cookie } })
    ).json().draws;
    expect(draws[0]).toMatchObject({ landedIndex: plan.targetIndex, durationMs: 11_004 });
    expect((await landed(0, 'no-such-spin')).statusCode).toBe(404);
  });

  async function createPresenterKey(label: string): Promise<string> {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels/default/presenter-keys',
      headers: { cookie },
      payload: { label },
    });
    return response.json().key as string;
  }

  const report = (spinId: string, headers: Record<string, string>, extra: Record<string, unknown> = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/api/wheels/default/spins/${spinId}/landed`,
      headers,
      payload: { landedIndex: 0, durationMs: 11_000, ...extra },
    });
  const landedIndexOf = async (spinId: string) =>
    (await t.app.store.listDraws('default')).find((draw) => draw.id === spinId)?.landedIndex;

  it('answers 403 to another presenter key and records nothing; the key that started the spin is heard', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(10));
    const [stageKey, otherKey] = [await createPresenterKey('stage'), await createPresenterKey('other')];
    const plan = (await spin(1, { 'x-presenter-key': stageKey })).json();

    const refused = await report(plan.id, { 'x-presenter-key': otherKey });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('forbidden');
    expect(await landedIndexOf(plan.id)).toBeNull();
    expect((await report(plan.id, {})).statusCode).toBe(401);
    expect((await report(plan.id, { 'x-presenter-key': stageKey })).statusCode).toBe(204);
    expect(await landedIndexOf(plan.id)).toBe(0);
  });

  it('accepts the display that started the spin or one that received it, and no other display', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(10));
    const started = await t.app.inject({
      method: 'POST',
      url: '/api/wheels/default/spins',
      headers: { cookie },
      payload: { version: 1, displayId: 'stage-screen' },
    });
    const firstSpin = started.json().id as string;
    expect((await report(firstSpin, {}, { displayId: 'hall-screen' })).statusCode).toBe(403);
    expect(await landedIndexOf(firstSpin)).toBeNull();
    expect((await report(firstSpin, {}, { displayId: 'stage-screen' })).statusCode).toBe(204);

    // A second spin, joined by the hall screen through the current-spin answer.
    const secondSpin = (await spin(1)).json().id as string;
    expect((await report(secondSpin, {}, { displayId: 'hall-screen' })).statusCode).toBe(403);
    const current = await t.app.inject({ url: '/api/wheels/default/spins/current?displayId=hall-screen' });
    expect(current.json().plan.id).toBe(secondSpin);
    expect((await report(secondSpin, {}, { displayId: 'lobby-screen' })).statusCode).toBe(403);
    expect((await report(secondSpin, {}, { displayId: 'hall-screen' })).statusCode).toBe(204);
    expect(await landedIndexOf(secondSpin)).toBe(0);
  });
});

describe('GET /api/wheels/:slug/presenter', () => {
  it('answers canSpin true only with an admin session', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/wheels/default/presenter' })).json()).toEqual({
      canSpin: false,
    });
    expect(
      (
        await t.app.inject({ method: 'GET', url: '/api/wheels/default/presenter', headers: { cookie } })
      ).json(),
    ).toEqual({ canSpin: true });
  });
});
