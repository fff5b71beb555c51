import * as XLSX from '@e965/xlsx';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  checkVerifiableDraw,
  deriveVerifiableIndex,
  seedCommitment,
  type Snapshot,
  type SpinPlan,
} from '../../../../core/index.ts';
import { tokenCommand } from '../../../../cli/commands/token.ts';
import { userCommand } from '../../../../cli/commands/user.ts';
import {
  createTestApp,
  keepWinners,
  publishEntries,
  sampleEntries,
  type TestApp,
} from '../../../test-support/test-app.ts';
import { spinAndLand } from '../../../test-support/land-spin.ts';
import type { PublicVerification } from '../../../../core/index.ts';
import type { AuditEvent } from '../../../storage/store.ts';

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

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
function call(method: Method, url: string, payload?: unknown, headers: Record<string, string> = { cookie }) {
  return t.app.inject({
    method,
    url,
    headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

async function spin(slug: string, version: number, extra: Record<string, unknown> = {}): Promise<SpinPlan> {
  const response = await call('POST', `/api/wheels/${slug}/spins`, { version, ...extra });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<SpinPlan>();
}

async function auditEvents(query = ''): Promise<{ events: AuditEvent[]; nextBefore: number | null }> {
  const response = await call('GET', `/api/admin/audit${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

function csvForm(content: string) {
  const boundary = '----prizewheel-integrity';
  return {
    payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="list.csv"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`,
    headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('the audit log', () => {
  it('records every state change under its action name, listed newest first by GET /api/admin/audit', async () => {
    const form = csvForm('ticket,name\n1,Ana\n2,Bob\n3,Cid');
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/admin/wheels/default/draft/import', ...form }))
        .statusCode,
    ).toBe(200);
    expect(
      (await call('PUT', '/api/admin/wheels/default/draft/entries', { entries: sampleEntries(4) }))
        .statusCode,
    ).toBe(200);
    expect(
      (await call('PUT', '/api/admin/wheels/default/draft/settings', { removeWinners: false })).statusCode,
    ).toBe(200);
    expect((await call('POST', '/api/admin/wheels/default/publish', {})).statusCode).toBe(201);
    expect((await call('POST', '/api/admin/wheels/default/snapshots/1/restore', {})).statusCode).toBe(200);
    expect((await call('PUT', '/api/admin/wheels/default/plan', { tickets: ['0002'] })).statusCode).toBe(200);
    const plan = await spin('default', 1);
    expect(
      (
        await call('POST', `/api/wheels/default/spins/${plan.id}/landed`, {
          landedIndex: plan.targetIndex,
          durationMs: 11_000,
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (await call('POST', `/api/admin/wheels/default/draws/${plan.id}/void`, { reason: 'absent' }))
        .statusCode,
    ).toBe(200);
    expect((await call('PUT', '/api/admin/wheels/default/verifiable', { verifiable: true })).statusCode).toBe(
      200,
    );
    expect((await call('POST', '/api/admin/wheels/default/verification/reveal', {})).statusCode).toBe(200);
    expect((await call('POST', '/api/admin/wheels', { slug: 'gala', title: 'Gala' })).statusCode).toBe(201);
    expect((await call('DELETE', '/api/admin/session')).statusCode).toBe(204);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/admin/session',
      payload: { username: 'admin', password: 'nope' },
    });
    expect(wrong.statusCode).toBe(401);
    cookie = await t.signIn();

    const { events } = await auditEvents('?limit=1000');
    const actions = events.map((event) => event.action).reverse();
    for (const action of [
      'login',
      'import',
      'edit_entries',
      'settings',
      'publish',
      'restore',
      'plan',
      'spin',
      'landed',
      'void',
      'verifiable_mode',
      'reveal_seed',
      'create_wheel',
      'logout',
      'login_failed',
    ]) {
      expect(actions, `audit action ${action}`).toContain(action);
    }
    // Newest first: the last sign-in comes first.
    expect(events[0]?.action).toBe('login');
    expect(events.map((event) => event.id)).toEqual(
      [...events.map((event) => event.id)].sort((a, b) => b - a),
    );
  });

  it('records user and key changes too (presenter keys over HTTP, users and tokens from the CLI)', async () => {
    const created = await call('POST', '/api/admin/wheels/default/presenter-keys', { label: 'stage' });
    expect(created.statusCode, created.body).toBe(201);
    const keyId = created.json<{ id: string }>().id;
    expect((await call('DELETE', `/api/admin/wheels/default/presenter-keys/${keyId}`)).statusCode).toBe(204);

    const savedEnv = { ...process.env };
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      Object.assign(process.env, { DATA_DIR: t.dataDir, LOG_LEVEL: 'silent' });
      delete process.env.DATABASE_URL;
      expect(await userCommand(['add', 'stage', '--role', 'presenter'])).toBe(0);
      expect(await userCommand(['passwd', 'stage'])).toBe(0);
      expect(await tokenCommand(['create', 'ci', '--user', 'admin'])).toBe(0);
      expect(await tokenCommand(['revoke', 'ci'])).toBe(0);
      expect(await userCommand(['remove', 'stage'])).toBe(0);
    } finally {
      write.mockRestore();
      process.env = savedEnv;
    }
    const actions = (await auditEvents('?limit=1000')).events.map((event) => event.action);
    for (const action of [
      'create_presenter_key',
      'revoke_presenter_key',
      'create_user',
      'change_password',
      'create_token',
      'revoke_token',
      'remove_user',
    ]) {
      expect(actions, `audit action ${action}`).toContain(action);
    }
  });

  it('filters by wheel, action, actor and time, and pages with before', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(3));
    await call('POST', '/api/admin/wheels', { slug: 'gala', title: 'Gala' });
    const all = (await auditEvents('?limit=1000')).events;
    expect((await auditEvents('?wheel=gala')).events.map((e) => e.action)).toEqual(['create_wheel']);
    expect((await auditEvents('?action=publish')).events.map((e) => e.wheel)).toEqual(['default']);
    expect((await auditEvents('?actor=admin&limit=1000')).events.length).toBe(
      all.filter((e) => e.actor === 'admin').length,
    );
    expect((await auditEvents('?since=2999-01-01T00:00:00Z')).events).toEqual([]);

    const first = await auditEvents('?limit=2');
    expect(first.events).toEqual(all.slice(0, 2));
    expect(first.nextBefore).toBe(all[1]?.id);
    const second = await auditEvents(`?limit=2&before=${first.nextBefore}`);
    expect(second.events).toEqual(all.slice(2, 4));
  });

  it('refuses unknown filters and anonymous callers', async () => {
    expect((await call('GET', '/api/admin/audit?drop=table')).statusCode).toBe(400);
    expect((await call('GET', '/api/admin/audit?limit=0')).statusCode).toBe(400);
    expect((await call('GET', '/api/admin/audit', undefined, {})).statusCode).toBe(401);
  });
});

describe('draw records, void and export', () => {
  it('records who, which display, checksum, landing; voids (kept) and the repeat takes the next seq', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(5));
    const first = await spin('default', 1, { displayId: 'hall-left' });
    await call('POST', `/api/wheels/default/spins/${first.id}/landed`, {
      landedIndex: first.targetIndex,
      durationMs: 11_004,
    });
    const voided = await call('POST', `/api/admin/wheels/default/draws/${first.id}/void`, {
      reason: 'winner absent',
    });
    expect(voided.json()).toMatchObject({
      draw: { id: first.id, voided: true, voidReason: 'winner absent', voidedBy: 'admin' },
    });
    expect(
      (await call('POST', `/api/admin/wheels/default/draws/${first.id}/void`, { reason: 'again' }))
        .statusCode,
    ).toBe(409);
    expect(
      (await call('POST', '/api/admin/wheels/default/draws/nope/void', { reason: 'x' })).statusCode,
    ).toBe(404);
    expect((await call('POST', `/api/admin/wheels/default/draws/${first.id}/void`, {})).statusCode).toBe(400);
    const repeat = await spin('default', 1);

    const snapshot = (await call('GET', '/api/wheels/default/snapshot')).json<Snapshot>();
    const { draws } = (await call('GET', '/api/admin/wheels/default/draws')).json<{
      draws: Array<Record<string, unknown>>;
    }>();
    expect(draws).toHaveLength(2);
    expect(draws[0]).toMatchObject({
      id: first.id,
      seq: 1,
      version: 1,
      checksum: snapshot.checksum,
      ticket: first.ticket,
      targetIndex: first.targetIndex,
      mode: 'random',
      startedBy: 'admin',
      displayId: 'hall-left',
      landedIndex: first.targetIndex,
      durationMs: 11_004,
      voided: true,
      voidReason: 'winner absent',
    });
    expect(typeof draws[0]?.landedAt).toBe('string');
    expect(draws[1]).toMatchObject({
      id: repeat.id,
      seq: 2,
      voided: false,
      voidReason: null,
      displayId: null,
    });
  });

  it('with removeWinners, a voided winner stays removed and the repeat draws from the next version', async () => {
    await call('PUT', '/api/admin/wheels/default/draft/settings', { removeWinners: true });
    await publishEntries(t, cookie, 'default', sampleEntries(4));
    const first = await spin('default', 1);
    await call('POST', `/api/admin/wheels/default/draws/${first.id}/void`, { reason: 'absent' });
    const latest = (await call('GET', '/api/wheels/default/snapshot')).json<Snapshot>();
    expect(latest.version).toBe(2);
    expect(latest.entries.map((e) => e.ticket)).not.toContain(first.ticket);
    expect((await call('POST', '/api/wheels/default/spins', { version: 1 })).statusCode).toBe(409);
    const repeat = await spin('default', 2);
    expect(repeat.ticket).not.toBe(first.ticket);
  });

  it('exports .xlsx with the draws, typed string cells (no formulas), content type and file name', async () => {
    await publishEntries(t, cookie, 'default', [
      { ticket: '=1+1', name: '=HYPERLINK("http://x","y")', weight: 1 },
      { ticket: '0002', name: '@SUM(A1)', weight: 1 },
    ]);
    const plan = await spin('default', 1);
    const response = await call('GET', '/api/admin/wheels/default/draws?format=xlsx');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers['content-disposition']).toBe('attachment; filename="default-draws.xlsx"');
    const workbook = XLSX.read(response.rawPayload, { type: 'buffer', cellFormula: true });
    const sheet = workbook.Sheets[workbook.SheetNames[0]!]!;
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(sheet);
    expect(rows).toHaveLength(1);
    // Both entries' names (and one ticket) look like formulas: exported as text with an apostrophe.
    const defused = (text: string) => (/^[=+\-@]/.test(text) ? `'${text}` : text);
    expect(rows[0]).toMatchObject({
      Seq: 1,
      Ticket: defused(plan.ticket),
      Name: defused(plan.name),
      Mode: 'random',
      Status: 'won',
    });
    for (const [address, cell] of Object.entries(sheet)) {
      if (address.startsWith('!')) continue;
      expect((cell as XLSX.CellObject).f, `cell ${address}`).toBeUndefined();
    }

    const csv = await call('GET', '/api/admin/wheels/default/draws?format=csv');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    // Whichever entry won, its formula-like text is exported defused.
    expect(csv.body).toMatch(/'=|'@/);
    expect(csv.body).not.toMatch(/,=|,@/);
  });
});

describe('verifiable mode', () => {
  async function verification(): Promise<PublicVerification> {
    const response = await call('GET', '/api/wheels/default/verification', undefined, {});
    expect(response.statusCode).toBe(200);
    return response.json<PublicVerification>();
  }

  it('refuses plans while on, and cannot be turned on over a plan', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(5));
    await call('PUT', '/api/admin/wheels/default/plan', { tickets: ['0001'] });
    const blocked = await call('PUT', '/api/admin/wheels/default/verifiable', { verifiable: true });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json()).toMatchObject({ error: { code: 'plan_not_empty' } });
    await call('PUT', '/api/admin/wheels/default/plan', { tickets: [] });
    expect((await call('PUT', '/api/admin/wheels/default/verifiable', { verifiable: true })).statusCode).toBe(
      200,
    );
    const refused = await call('PUT', '/api/admin/wheels/default/plan', { tickets: ['0001'] });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'verifiable_mode' } });
  });

  it('commits before the first spin, derives each winner as core does, and reveals the seed afterwards', async () => {
    const weighted = sampleEntries(40).map((entry, i) => ({ ...entry, weight: (i % 7) + 1 }));
    await publishEntries(t, cookie, 'default', weighted);
    const before = await verification();
    expect(before).toMatchObject({ mode: 'standard', commitment: null, seed: null, draws: [] });
    const on = (
      await call('PUT', '/api/admin/wheels/default/verifiable', { verifiable: true })
    ).json<PublicVerification>();
    expect(on).toMatchObject({ mode: 'verifiable', epoch: 1, seed: null });
    expect(on.commitment).toMatch(/^[0-9a-f]{64}$/);

    const plans: SpinPlan[] = [];
    for (let i = 0; i < 3; i++) plans.push(await spinAndLand(t.app, { cookie }, 'default', 1));
    const open = await verification();
    // Nothing secret before the reveal: no seed anywhere in the public answer or the admin one.
    expect(JSON.stringify(open)).not.toMatch(/"seed":"[0-9a-f]{64}"/);
    expect((await call('GET', '/api/admin/wheels/default/verification')).body).not.toMatch(
      /"seed":"[0-9a-f]{64}"/,
    );
    expect(open.draws.map((d) => d.seq)).toEqual([1, 2, 3]);

    const reveal = await call('POST', '/api/admin/wheels/default/verification/reveal', {});
    expect(reveal.statusCode).toBe(200);
    const { revealed } = reveal.json<{ revealed: { epoch: number; seed: string; commitment: string } }>();
    expect(seedCommitment(revealed.seed)).toBe(on.commitment);

    const after = await verification();
    expect(after.epochs[0]).toMatchObject({ epoch: 1, seed: revealed.seed, commitment: on.commitment });
    expect(after.epochs[1]).toMatchObject({ epoch: 2, seed: null });
    expect(after.commitment).toBe(after.epochs[1]?.commitment);
    const snapshot = (await call('GET', '/api/wheels/default/snapshots/1', undefined, {})).json<Snapshot>();
    const weights = snapshot.entries.map((e) => e.weight);
    after.draws.forEach((draw, i) => {
      expect(draw.targetIndex).toBe(plans[i]?.targetIndex);
      expect(draw.targetIndex).toBe(
        deriveVerifiableIndex(revealed.seed, snapshot.checksum, draw.seq, weights),
      );
      expect(checkVerifiableDraw(draw, revealed.seed, on.commitment!, snapshot)).toEqual({
        ok: true,
        expectedIndex: draw.targetIndex,
      });
    });
    // A draw after the reveal uses the next epoch's (still secret) seed.
    await spin('default', 1);
    expect((await verification()).draws.at(-1)).toMatchObject({ seq: 4, epoch: 2 });
  });
});
