// Offline draws against the real app and a real SQLite database, sent as an attacker holding the
// stage link would send them: a display (or a curl) never chooses a winner, only uses a voucher.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deriveOfflineIndex, type OfflineVoucher } from '../../../../core/index.ts';
import {
  createTestApp,
  keepWinners,
  publishEntries,
  sampleEntries,
  type TestApp,
} from '../../../test-support/test-app.ts';

let t: TestApp;
let cookie: string;
let stageKey: string;

const ENTRIES = sampleEntries(40);

beforeEach(async () => {
  t = await createTestApp();
  cookie = await t.signIn();
  stageKey = await createPresenterKey('stage');
});
afterEach(async () => {
  await t.close();
});

async function createPresenterKey(label: string): Promise<string> {
  const created = await admin('POST', '/api/admin/wheels/default/presenter-keys', { label });
  return created.json<{ key: string }>().key;
}

function admin(method: 'POST' | 'PUT' | 'GET', url: string, payload?: object) {
  return t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
}

/** A request as a presenter-link holder sends it (no session: only the key). */
function asPresenter(key: string, path: string, payload: object) {
  return t.app.inject({
    method: 'POST',
    url: `/api/wheels/default/${path}`,
    headers: { 'x-presenter-key': key },
    payload,
  });
}

async function vouchersOf(key: string, body: object = { version: 1 }): Promise<OfflineVoucher[]> {
  const response = await asPresenter(key, 'offline-vouchers', body);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ vouchers: OfflineVoucher[] }>().vouchers;
}

function upload(key: string, body: Record<string, unknown>) {
  return asPresenter(key, 'offline-draws', {
    rotations: 6,
    landingFraction: 0.4,
    durationMs: 11_000,
    drawnAt: '2026-12-06T03:00:00.000Z',
    ...body,
  });
}

async function drawLog(): Promise<Array<{ id: string; ticket: string; mode: string; version: number }>> {
  return (await admin('GET', '/api/admin/wheels/default/draws')).json().draws;
}

/** The ticket a voucher gives on `entries` (what the display computes offline). */
function derivedTicket(voucher: OfflineVoucher, entries = ENTRIES): string {
  return entries[
    deriveOfflineIndex(
      voucher.seed,
      voucher.checksum,
      entries.map((entry) => entry.weight),
    )
  ]!.ticket;
}

describe('POST /api/wheels/:slug/offline-vouchers', () => {
  it('issues each holder its own single-use vouchers for the latest version, the same ones when asked again', async () => {
    await publishEntries(t, cookie, 'default', ENTRIES);
    const first = await vouchersOf(stageKey);
    expect(first).toHaveLength(3);
    for (const voucher of first) {
      expect(voucher).toEqual({
        id: expect.any(String),
        version: 1,
        checksum: expect.stringMatching(/^sha256:/),
        seed: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
    }
    expect(await vouchersOf(stageKey)).toEqual(first);
    const otherKey = await createPresenterKey('hall');
    const others = await vouchersOf(otherKey);
    expect(others.map((voucher) => voucher.id)).not.toContain(first[0]!.id);
    const otherDisplay = await vouchersOf(stageKey, { version: 1, displayId: 'screen-2' });
    expect(otherDisplay.map((voucher) => voucher.id)).not.toContain(first[0]!.id);

    const audit = (await t.app.store.listAuditEvents()).filter(
      (event) => event.action === 'offline_vouchers',
    );
    expect(audit).toHaveLength(3);
    expect(JSON.stringify(audit)).not.toContain(first[0]!.seed);
  });

  it('retires unused vouchers of an older version when the holder asks after a publish', async () => {
    await publishEntries(t, cookie, 'default', ENTRIES);
    const [old] = await vouchersOf(stageKey);
    await publishEntries(t, cookie, 'default', ENTRIES.slice(1));
    const fresh = await vouchersOf(stageKey, { version: 2 });
    expect(fresh.map((voucher) => voucher.version)).toEqual([2, 2, 2]);
    const response = await upload(stageKey, { id: 'd-1', voucherId: old!.id, version: 1 });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('voucher_retired');
    expect(await drawLog()).toEqual([]);
  });

  it('answers 403 offline_refused when the wheel refuses offline spins or is verifiable', async () => {
    await publishEntries(t, cookie, 'default', ENTRIES);
    await admin('PUT', '/api/admin/wheels/default/appearance', { offlineSpins: 'refuse' });
    const refused = await asPresenter(stageKey, 'offline-vouchers', { version: 1 });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('offline_refused');

    await admin('PUT', '/api/admin/wheels/default/appearance', { offlineSpins: 'allow' });
    expect(
      (await admin('PUT', '/api/admin/wheels/default/verifiable', { verifiable: true })).statusCode,
    ).toBe(200);
    const verifiable = await asPresenter(stageKey, 'offline-vouchers', { version: 1 });
    expect(verifiable.statusCode).toBe(403);
    expect(verifiable.json().error.code).toBe('offline_refused');
  });

  it('answers 401 without presenter rights', async () => {
    await publishEntries(t, cookie, 'default', ENTRIES);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/wheels/default/offline-vouchers',
      payload: { version: 1 },
    });
    expect(response.statusCode).toBe(401);
  });
});

describe('POST /api/wheels/:slug/offline-draws', () => {
  it('records the winner the server derives from an unused voucher, as mode offline', async () => {
    await publishEntries(t, cookie, 'default', ENTRIES);
    const [voucher] = await vouchersOf(stageKey);
    const response = await upload(stageKey, { id: 'd-1', voucherId: voucher!.id, version: 1 });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({ id: 'd-1', seq: 1 });
    expect(await drawLog()).toMatchObject([
      { id: 'd-1', ticket: derivedTicket(voucher!), mode: 'offline', version: 1 },
    ]);
    const spin = (await t.app.store.listAuditEvents()).find((event) => event.action === 'spin');
    expect(spin?.details).toMatchObject({ voucherId: voucher!.id, drawId: 'd-1', mode: 'offline' });
    // The used voucher is no longer handed out: the holder gets a fresh one in its place.
    const next = await vouchersOf(stageKey);
    expect(next.map((candidate) => candidate.id)).not.toContain(voucher!.id);
    expect(next).toHaveLength(3);
  });

  it('answers 400 and records nothing for an upload naming its own winner (targetIndex, ticket, mode)', async () => {
    await publishEntries(t, cookie, 'default', ENTRIES);
    const [voucher] = await vouchersOf(stageKey);
    const forged = [
      { targetIndex: 7 },
      { ticket: ENTRIES[7]!.ticket },
      { mode: 'fallback', problem: 'checksum_mismatch', refusedSpinId: 'server-1' },
      { mode: 'offline' },
    ];
    for (const extra of forged) {
      const response = await upload(stageKey, { id: 'forged', voucherId: voucher!.id, version: 1, ...extra });
      expect(response.statusCode, JSON.stringify(extra)).toBe(400);
      expect(response.json().error.code).toBe('invalid_request');
    }
    const withoutVoucher = await upload(stageKey, { id: 'forged', version: 1 });
    expect(withoutVoucher.statusCode).toBe(400);
    expect(withoutVoucher.json().error.message).toContain('voucherId');
    expect(await drawLog()).toEqual([]);
  });

  it('answers 409 voucher_used for a voucher used before, and records one draw of two parallel uploads', async () => {
    await publishEntries(t, cookie, 'default', ENTRIES);
    const [first, second] = await vouchersOf(stageKey);
    expect((await upload(stageKey, { id: 'd-1', voucherId: first!.id, version: 1 })).statusCode).toBe(201);
    const reused = await upload(stageKey, { id: 'd-2', voucherId: first!.id, version: 1 });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe('voucher_used');

    const racing = await Promise.all(
      ['race-a', 'race-b', 'race-c'].map((id) => upload(stageKey, { id, voucherId: second!.id, version: 1 })),
    );
    expect(racing.map((response) => response.statusCode).sort()).toEqual([201, 409, 409]);
    expect(await drawLog()).toHaveLength(2);
  });

  it("answers 404 voucher_not_found for another key's, another display's or an unknown voucher", async () => {
    await publishEntries(t, cookie, 'default', ENTRIES);
    const [stageVoucher] = await vouchersOf(stageKey, { version: 1, displayId: 'screen-1' });
    const hallKey = await createPresenterKey('hall');
    const attempts = [
      upload(hallKey, { id: 'x-1', voucherId: stageVoucher!.id, version: 1, displayId: 'screen-1' }),
      upload(stageKey, { id: 'x-2', voucherId: stageVoucher!.id, version: 1, displayId: 'screen-2' }),
      upload(stageKey, { id: 'x-3', voucherId: stageVoucher!.id, version: 1 }),
      upload(stageKey, { id: 'x-4', voucherId: 'no-such-voucher', version: 1 }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('voucher_not_found');
    }
    const wrongVersion = await upload(stageKey, {
      id: 'x-5',
      voucherId: stageVoucher!.id,
      version: 2,
      displayId: 'screen-1',
    });
    expect(wrongVersion.statusCode).toBe(400);
    expect(wrongVersion.json().error.message).toContain('version');
    expect(await drawLog()).toEqual([]);
  });

  it('answers 403 offline_refused and records nothing when the wheel refuses offline spins or is verifiable', async () => {
    await publishEntries(t, cookie, 'default', ENTRIES);
    const [first, second] = await vouchersOf(stageKey);
    await admin('PUT', '/api/admin/wheels/default/appearance', { offlineSpins: 'refuse' });
    const refused = await upload(stageKey, { id: 'd-1', voucherId: first!.id, version: 1 });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('offline_refused');

    await admin('PUT', '/api/admin/wheels/default/appearance', { offlineSpins: 'allow' });
    await admin('PUT', '/api/admin/wheels/default/verifiable', { verifiable: true });
    const verifiable = await upload(stageKey, { id: 'd-2', voucherId: second!.id, version: 1 });
    expect(verifiable.statusCode).toBe(403);
    expect(verifiable.json().error.code).toBe('offline_refused');
    expect(await drawLog()).toEqual([]);
  });

  it('answers a re-sent id with only {id, seq}, whatever the draw was, and 409 draw_id_taken to another holder', async () => {
    // The offline draw below is on version 1, after a spin: "Remove winners" off.
    await keepWinners(t, cookie);
    await publishEntries(t, cookie, 'default', ENTRIES);
    await admin('PUT', '/api/admin/wheels/default/plan', { tickets: [ENTRIES[3]!.ticket] });
    const spin = await asPresenter(stageKey, 'spins', { version: 1 });
    expect(spin.statusCode).toBe(201);
    const [voucher] = await vouchersOf(stageKey);
    const offline = { id: 'd-1', voucherId: voucher!.id, version: 1 };
    expect((await upload(stageKey, offline)).statusCode).toBe(201);

    const predrawnId = spin.json<{ id: string }>().id;
    const resentPredrawn = await upload(stageKey, { ...offline, id: predrawnId });
    expect(resentPredrawn.statusCode).toBe(200);
    expect(resentPredrawn.json()).toEqual({ id: predrawnId, seq: 1 });
    const resentOffline = await upload(stageKey, offline);
    expect(resentOffline.statusCode).toBe(200);
    expect(resentOffline.json()).toEqual({ id: 'd-1', seq: 2 });

    const hallKey = await createPresenterKey('hall');
    const foreign = await upload(hallKey, offline);
    expect(foreign.statusCode).toBe(409);
    expect(foreign.json()).toEqual({
      error: { code: 'draw_id_taken', message: expect.not.stringMatching(/predrawn|offline|random/) },
    });
    expect(await drawLog()).toHaveLength(2);
  });

  it('records on the voucher version after a newer publish, and removeWinners publishes the next version from the latest', async () => {
    await admin('PUT', '/api/admin/wheels/default/draft/settings', { removeWinners: true });
    await publishEntries(t, cookie, 'default', ENTRIES);
    const [voucher] = await vouchersOf(stageKey);
    const winner = derivedTicket(voucher!);
    // Meanwhile the organizer publishes version 2 (one other entry less): the display was offline.
    const other = ENTRIES.find((entry) => entry.ticket !== winner)!;
    const version2 = ENTRIES.filter((entry) => entry !== other);
    expect(await publishEntries(t, cookie, 'default', version2)).toBe(2);

    const response = await upload(stageKey, { id: 'd-1', voucherId: voucher!.id, version: 1 });
    expect(response.statusCode, response.body).toBe(201);
    expect(await drawLog()).toMatchObject([{ id: 'd-1', ticket: winner, mode: 'offline', version: 1 }]);
    const latest = (await t.app.inject({ method: 'GET', url: '/api/wheels/default/snapshot' })).json<{
      version: number;
      entries: Array<{ ticket: string }>;
    }>();
    expect(latest.version).toBe(3);
    expect(latest.entries.map((entry) => entry.ticket)).toEqual(
      version2.filter((entry) => entry.ticket !== winner).map((entry) => entry.ticket),
    );
  });
});
