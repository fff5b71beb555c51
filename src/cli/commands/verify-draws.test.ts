// prizewheel verify / verify-draws in-process against a real SQLite file, tampered with directly.
import { readFileSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SpinPlan } from '../../core/index.ts';
import { createSeedVault, loadOrCreateVerificationKey } from '../../server/services/seed-vault.ts';
import { sqliteFileIn } from '../../server/storage/sqlite/open-sqlite-store.ts';
import {
  createTestApp,
  keepWinners,
  publishEntries,
  sampleEntries,
  type TestApp,
} from '../../server/test-support/test-app.ts';
import { spinAndLand } from '../../server/test-support/land-spin.ts';
import { main } from '../main.ts';
import { verifyDrawsCommand } from './verify-draws.ts';
import { verifyCommand } from './verify.ts';

let t: TestApp;
let cookie: string;
const savedEnv = { ...process.env };

beforeEach(async () => {
  t = await createTestApp();
  cookie = await t.signIn();
  await keepWinners(t, cookie);
  process.env.DATA_DIR = t.dataDir;
  delete process.env.DATABASE_URL;
  process.env.LOG_LEVEL = 'silent';
});

afterEach(async () => {
  process.env = { ...savedEnv };
  vi.restoreAllMocks();
  await t.close();
});

/** Runs a command, returning its exit status and what it printed. */
async function capture(run: () => Promise<number>): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  try {
    return { code: await run(), stdout };
  } finally {
    write.mockRestore();
  }
}

function tamper(sql: string, ...params: unknown[]): void {
  const db = new SqliteDatabase(sqliteFileIn(t.dataDir));
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

async function verifiableDraws(count: number): Promise<SpinPlan[]> {
  const weighted = sampleEntries(30).map((entry, i) => ({ ...entry, weight: (i % 5) + 1 }));
  await publishEntries(t, cookie, 'default', weighted);
  const headers = { cookie };
  await t.app.inject({
    method: 'PUT',
    url: '/api/admin/wheels/default/verifiable',
    headers,
    payload: { verifiable: true },
  });
  const plans: SpinPlan[] = [];
  for (let i = 0; i < count; i++) plans.push(await spinAndLand(t.app, headers, 'default', 1));
  return plans;
}

async function reveal(): Promise<void> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/admin/wheels/default/verification/reveal',
    headers: { cookie },
    payload: {},
  });
  expect(response.statusCode).toBe(200);
}

describe('prizewheel verify', () => {
  it('names the first broken link when an audit row is edited in the SQLite file', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(3));
    expect((await capture(() => verifyCommand([]))).code).toBe(0);

    tamper(`UPDATE audit_events SET actor = 'mallory' WHERE id = 3`);
    const damaged = await capture(() => verifyCommand([]));
    expect(damaged.code).toBe(1);
    expect(damaged.stdout).toContain('First broken link: audit event 3 (hash_mismatch)');

    // Rewriting event 3's hash as well hides nothing: it still fails its own check, and event 4's link breaks.
    tamper(`UPDATE audit_events SET hash = ? WHERE id = 3`, 'f'.repeat(64));
    const relinked = await capture(() => verifyCommand([]));
    expect(relinked.code).toBe(1);
    expect(relinked.stdout).toMatch(/First broken link: audit event 3 \(hash_mismatch\)/);
    expect(relinked.stdout).toContain('audit event 4: previous hash does not match');
  });
});

describe('prizewheel verify-draws', () => {
  it('exits 0 when every draw follows from the revealed seed (database and --url), 3 (pending) before the reveal', async () => {
    await verifiableDraws(3);
    const pending = await capture(() => verifyDrawsCommand(['--wheel', 'default']));
    expect(pending.code).toBe(3);
    expect(pending.stdout).toContain('not revealed yet');
    expect(pending.stdout).toMatch(/^PENDING +draw 1 /m);
    expect(pending.stdout).toContain('Pending: 3 of 3 draw(s) wait for the reveal of their seed');
    expect(pending.stdout).not.toMatch(/FAIL|Not verified/);

    await reveal();
    const local = await capture(() => verifyDrawsCommand(['--wheel', 'default']));
    expect(local.stdout).toContain('Verified: all 3 draw(s)');
    expect(local.code).toBe(0);

    const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const remote = await capture(() => verifyDrawsCommand(['--wheel', 'default', '--url', address]));
    expect(remote.code).toBe(0);
  });

  it('exits 1 when a recorded winner or the revealed seed is tampered with', async () => {
    const plans = await verifiableDraws(2);
    await reveal();
    const otherIndex = (plans[1]!.targetIndex + 1) % 30;
    tamper(
      `UPDATE draws SET target_index = ?, ticket = ? WHERE seq = 2`,
      otherIndex,
      sampleEntries(30)[otherIndex]!.ticket,
    );
    const wrongWinner = await capture(() => verifyDrawsCommand(['--wheel', 'default']));
    expect(wrongWinner.code).toBe(1);
    expect(wrongWinner.stdout).toMatch(/FAIL +draw 2 .*the seed gives entry/);
    expect(wrongWinner.stdout).toMatch(/ok +draw 1/);

    tamper(`UPDATE verification_epochs SET seed = ? WHERE epoch = 1`, '0'.repeat(64));
    const wrongSeed = await capture(() => verifyDrawsCommand(['--wheel', 'default']));
    expect(wrongSeed.code).toBe(1);
    expect(wrongSeed.stdout).toContain('does not match the commitment');
  });

  it('exits 1 when the list a draw was made from is altered', async () => {
    await verifiableDraws(1);
    await reveal();
    tamper(`UPDATE snapshots SET body = replace(body, 'Person 1"', 'Person X"') WHERE version = 1`);
    const result = await capture(() => verifyDrawsCommand(['--wheel', 'default']));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('does not match its checksum');
  });

  it('fails a gap in seq, a draw not drawn from the seed, and a draw outside its epoch window', async () => {
    await verifiableDraws(4);
    await reveal();
    expect((await capture(() => verifyDrawsCommand(['--wheel', 'default']))).code).toBe(0);

    tamper(`DELETE FROM draws WHERE seq = 2`);
    const gap = await capture(() => verifyDrawsCommand(['--wheel', 'default']));
    expect(gap.code).toBe(1);
    expect(gap.stdout).toMatch(/FAIL +draw 3 .*draw 2 is missing/);

    tamper(`UPDATE draws SET epoch = NULL, mode = 'predrawn' WHERE seq = 3`);
    const notDerived = await capture(() => verifyDrawsCommand(['--wheel', 'default']));
    expect(notDerived.stdout).toMatch(/FAIL +draw 3 .*not drawn from the seed of epoch 1/);

    tamper(`UPDATE draws SET created_at = '2001-01-01T00:00:00.000Z' WHERE seq = 4`);
    const outside = await capture(() => verifyDrawsCommand(['--wheel', 'default']));
    expect(outside.code).toBe(1);
    expect(outside.stdout).toMatch(/FAIL +draw 4 .*outside epoch 1's window/);
  });

  it('shows a voided draw and its redraw as such, both verified', async () => {
    const [first] = await verifiableDraws(1);
    const voided = await t.app.inject({
      method: 'POST',
      url: `/api/admin/wheels/default/draws/${first!.id}/void`,
      headers: { cookie },
      payload: { reason: 'winner not present' },
    });
    expect(voided.statusCode).toBe(200);
    await t.app.inject({
      method: 'POST',
      url: '/api/wheels/default/spins',
      headers: { cookie },
      payload: { version: 1 },
    });
    await reveal();
    const result = await capture(() => verifyDrawsCommand(['--wheel', 'default']));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/ok +draw 1 .*\[VOIDED, no witness\]/);
    expect(result.stdout).toMatch(/ok +draw 2 .*\[redraw of #1, no witness\]/);
  });

  it('reads no open seed from a backup file: unrevealed seeds are sealed with the key file', async () => {
    await verifiableDraws(1);
    const { verification } = await t.app
      .inject({ method: 'GET', url: '/api/admin/wheels/default/verification', headers: { cookie } })
      .then((r) => ({ verification: r.json<{ commitment: string }>() }));
    const backupFile = `${t.dataDir}/backup.sqlite`;
    const { backupCommand } = await import('./backup.ts');
    expect((await capture(() => backupCommand([backupFile]))).code).toBe(0);
    const db = new SqliteDatabase(backupFile, { readonly: true });
    const stored = db.prepare(`SELECT seed, commitment FROM verification_epochs`).all() as Array<{
      seed: string;
      commitment: string;
    }>;
    db.close();
    expect(stored).toEqual([
      { seed: expect.stringMatching(/^aes256gcm:/) as string, commitment: verification.commitment },
    ]);
    // Only the key file (outside the database) opens it; the seed's hex is nowhere in the backup.
    const vault = createSeedVault(loadOrCreateVerificationKey(t.config.verificationKeyFile));
    const seed = vault.open(stored[0]!.seed, stored[0]!.commitment);
    expect(readFileSync(backupFile).toString('latin1')).not.toContain(seed);
    await reveal();
    const published = await t.app.inject({ method: 'GET', url: '/api/wheels/default/verification' });
    expect(published.json<{ epochs: Array<{ seed: string }> }>().epochs[0]?.seed).toBe(seed);
  });
});

describe('prizewheel verification witness', () => {
  it('records the witness the draws then use, once, and refuses it after the first draw', async () => {
    await publishEntries(t, cookie, 'default', sampleEntries(30));
    await t.app.inject({
      method: 'PUT',
      url: '/api/admin/wheels/default/verifiable',
      headers: { cookie },
      payload: { verifiable: true },
    });
    const recorded = await capture(() =>
      main(['verification', 'witness', '--wheel', 'default', 'dice', '3', '4']),
    );
    expect(recorded.code).toBe(0);
    expect(recorded.stdout).toContain('Epoch 1 of wheel default has its witness: "dice 3 4"');
    const published = await t.app.inject({ method: 'GET', url: '/api/wheels/default/verification' });
    expect(published.json<{ epochs: Array<{ witness: string }> }>().epochs[0]?.witness).toBe('dice 3 4');

    await t.app.inject({
      method: 'POST',
      url: '/api/wheels/default/spins',
      headers: { cookie },
      payload: { version: 1 },
    });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['verification', 'witness', '--wheel', 'default', 'again'])).toBe(1);
    expect(String(stderr.mock.calls[0]?.[0])).toMatch(/witness/);
    await reveal();
    const verified = await capture(() => verifyDrawsCommand(['--wheel', 'default']));
    expect(verified.code).toBe(0);
    expect(verified.stdout).not.toContain('no witness');
  });
});

describe('prizewheel verify-draws on an event program', () => {
  it('exits 0 for verifiable batches with a rehearsal, a promoted reserve and a redraw; 1 once a ticket is changed', async () => {
    const entries = sampleEntries(30).map((entry, i) => ({ ...entry, person: `p${i % 20}` }));
    const snapshot = await t.app.store.publishDraft('default', {
      publishedAt: new Date().toISOString(),
      publishedBy: 'admin',
      prepare: (draft) => ({
        entries,
        settings: draft.settings,
        prizes: [
          {
            id: 'crowd',
            name: 'Crowd prize',
            quantity: 4,
            groups: null,
            allowPreviousWinners: false,
            batchSize: 4,
            reserves: 1,
          },
        ],
        audit: { actor: 'admin', details: {} },
      }),
    });
    t.app.events.publish('default', { type: 'snapshot', data: { version: snapshot.version } });
    const headers = { cookie };
    const call = (method: 'PUT' | 'POST', url: string, payload: object) =>
      t.app.inject({ method, url, headers, payload });
    await call('PUT', '/api/admin/wheels/default/verifiable', { verifiable: true });
    const press = async () => {
      const response = await call('POST', '/api/wheels/default/spins', {
        version: snapshot.version,
        prizeId: 'crowd',
      });
      expect(response.statusCode, response.body).toBe(201);
      const plan = response.json<SpinPlan>();
      await call('POST', `/api/wheels/default/spins/${plan.id}/landed`, {
        landedIndex: plan.targetIndex,
        durationMs: plan.durationMs,
      });
      return plan;
    };
    await call('PUT', '/api/admin/wheels/default/rehearsal', { rehearsal: true });
    await press();
    await call('PUT', '/api/admin/wheels/default/rehearsal', { rehearsal: false });
    const live = await press();
    await call('POST', `/api/wheels/default/draws/${live.batch![0]!.seq}/decline`, { reason: 'absent' });
    await call('POST', `/api/wheels/default/draws/${live.batch![1]!.seq}/decline`, { reason: 'absent' });
    await reveal();
    const honest = await capture(() => verifyDrawsCommand(['--wheel', 'default']));
    expect(honest.stdout).not.toContain('FAIL');
    expect(honest.code).toBe(0);

    const place = live.batch![2]!;
    const other = entries.findIndex(
      (entry) => !live.batch!.some((drawn) => entries[drawn.targetIndex]!.person === entry.person),
    );
    tamper(
      `UPDATE draws SET target_index = ?, ticket = ? WHERE seq = ?`,
      other,
      entries[other]!.ticket,
      place.seq,
    );
    const changed = await capture(() => verifyDrawsCommand(['--wheel', 'default']));
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(new RegExp(`^FAIL +draw ${place.seq} `, 'm'));
  });
});
