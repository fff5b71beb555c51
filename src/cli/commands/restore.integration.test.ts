// `prizewheel backup` and `prizewheel restore` as operators run them (child processes), on a real
// SQLite file and on a throwaway PostgreSQL 15: back up, wipe, restore, verify, compare the data.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../server/config.ts';
import { openStore } from '../../server/storage/open-store.ts';
import { BackupError } from '../../server/storage/backup-error.ts';
import { openPostgresStore } from '../../server/storage/postgres/open-postgres-store.ts';
import {
  startTestPostgres,
  TEST_POSTGRES_HOOK_TIMEOUT_MS,
  type TestPostgresServer,
} from '../../server/storage/test-support/postgres-test-server.ts';
import { openSqliteStore, sqliteFileIn } from '../../server/storage/sqlite/open-sqlite-store.ts';
import {
  createTestApp,
  keepWinners,
  makeTempDir,
  publishEntries,
  sampleEntries,
  testConfig,
} from '../../server/test-support/test-app.ts';
import { restoreDatabase } from './restore.ts';

const BIN = resolve(import.meta.dirname, '../../../bin/prizewheel.js');
// Each run starts Node and tsx (and pg_dump/pg_restore); a busy 2-core machine takes seconds.
const CLI_TEST_TIMEOUT_MS = 300_000;
const EXIT_REFUSED = 2;

let dir: string;
beforeEach(() => {
  dir = makeTempDir('prizewheel-restore-');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function run(
  args: string[],
  env: { DATA_DIR: string; DATABASE_URL?: string },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, ...env, LOG_LEVEL: 'silent', ADMIN_PASSWORD: 'restore-test-password' } },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * Two published versions, a pre-drawn spin that landed, a random spin, a plan still to come and a
 * second wheel: every kind of row a restore must bring back. The app is closed, the data kept.
 */
async function seedDatabase(config: Partial<Config>): Promise<void> {
  const t = await createTestApp({ config });
  try {
    const cookie = await t.signIn();
    await keepWinners(t, cookie); // both spins below draw on one version
    await publishEntries(t, cookie, 'default', sampleEntries(6));
    const version = await publishEntries(t, cookie, 'default', sampleEntries(8));
    const setPlan = async (tickets: string[]) => {
      const response = await t.app.inject({
        method: 'PUT',
        url: '/api/admin/wheels/default/plan',
        headers: { cookie },
        payload: { tickets },
      });
      expect(response.statusCode).toBe(200);
    };
    await setPlan(['0003']);
    for (let spin = 0; spin < 2; spin++) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/wheels/default/spins',
        headers: { cookie },
        payload: { version },
      });
      expect(response.statusCode).toBe(201);
      const { id, targetIndex } = response.json() as { id: string; targetIndex: number };
      const landed = await t.app.inject({
        method: 'POST',
        url: `/api/wheels/default/spins/${id}/landed`,
        headers: { cookie },
        payload: { landedIndex: targetIndex, durationMs: 11_000 },
      });
      expect(landed.statusCode).toBe(204);
    }
    await setPlan(['0005']);
    await t.app.inject({
      method: 'POST',
      url: '/api/admin/wheels',
      headers: { cookie },
      payload: { slug: 'rehearsal', title: 'Rehearsal' },
    });
    await publishEntries(t, cookie, 'rehearsal', sampleEntries(3));
  } finally {
    // Removes the helper's own temporary folder only; the database named in `config` stays.
    await t.close();
  }
}

/** Everything a restore must bring back, read through the Store. */
async function readEverything(config: Config) {
  const store = await openStore(config);
  try {
    const wheels = await store.listWheels();
    const perWheel = [];
    for (const wheel of wheels) {
      const snapshots = await store.listSnapshots(wheel.slug);
      perWheel.push({
        wheel,
        draft: await store.getDraft(wheel.slug),
        snapshots,
        rows: await Promise.all(snapshots.map((s) => store.getSnapshotRow(wheel.slug, s.version))),
        draws: await store.listDraws(wheel.slug),
        plan: await store.getPlan(wheel.slug),
      });
    }
    return { perWheel, audit: await store.listAuditEvents(), admin: await store.findUser('admin') };
  } finally {
    await store.close();
  }
}

/** The BackupError a refused restore throws. */
async function refusalOf(promise: Promise<unknown>): Promise<BackupError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BackupError) return error;
    throw error;
  }
  throw new Error('expected the restore to be refused');
}

function sha256Of(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

describe('prizewheel backup and restore (SQLite)', () => {
  it(
    'backs up, the data folder is deleted, restore brings back identical versions, draws and audit log; verify passes',
    { timeout: CLI_TEST_TIMEOUT_MS },
    async () => {
      const dataDir = join(dir, 'data');
      const config = testConfig(dataDir);
      await seedDatabase({ dataDir });
      const before = await readEverything(config);
      expect(before.perWheel[0]!.draws.map((draw) => draw.mode)).toEqual(['predrawn', 'random']);
      expect(before.audit.length).toBeGreaterThan(10);

      const backupFile = join(dir, 'before-event.sqlite');
      const backup = await run(['backup', backupFile], { DATA_DIR: dataDir });
      expect(backup.code, backup.stderr).toBe(0);

      rmSync(dataDir, { recursive: true, force: true });
      const restore = await run(['restore', backupFile], { DATA_DIR: dataDir });
      expect(restore.code, restore.stderr).toBe(0);
      expect(restore.stdout).toContain('Restored');
      expect(restore.stdout).toContain('Intact: every checksum and the audit chain match.');
      // Only the database: the staging folder is gone.
      expect(readdirSync(dataDir)).toEqual(['prizewheel.sqlite']);

      const verify = await run(['verify'], { DATA_DIR: dataDir });
      expect(verify.code, verify.stdout).toBe(0);
      expect(await readEverything(config)).toEqual(before);
    },
  );

  it(
    'refuses a file that is not a usable backup, or a database a server has open, and changes nothing',
    { timeout: CLI_TEST_TIMEOUT_MS },
    async () => {
      const dataDir = join(dir, 'data');
      await seedDatabase({ dataDir });
      const liveFile = sqliteFileIn(dataDir);
      const backupFile = join(dir, 'good.sqlite');
      expect((await run(['backup', backupFile], { DATA_DIR: dataDir })).code).toBe(0);
      // A later publish: a refused restore must leave it in place.
      await seedDatabase({ dataDir });
      const liveBefore = sha256Of(liveFile);

      const csv = join(dir, 'list.csv');
      writeFileSync(csv, 'ticket,name\n1,Ana\n');
      const otherSqlite = join(dir, 'other.sqlite');
      const other = new SqliteDatabase(otherSqlite);
      other.exec('CREATE TABLE notes (text TEXT)');
      other.close();
      const damaged = join(dir, 'damaged.sqlite');
      writeFileSync(damaged, readFileSync(backupFile));
      const edit = new SqliteDatabase(damaged);
      edit.prepare(`UPDATE snapshots SET body = replace(body, 'Person 1', 'Intruder')`).run();
      edit.close();

      const refusals: Array<[string, string]> = [
        [join(dir, 'missing.sqlite'), 'not_a_backup'],
        [csv, 'not_a_backup'],
        [otherSqlite, 'not_a_backup'],
        [damaged, 'backup_damaged'],
      ];
      const config = testConfig(dataDir);
      for (const [file, code] of refusals)
        expect(await refusalOf(restoreDatabase(config, file)), file).toMatchObject({ code });
      expect((await refusalOf(restoreDatabase(config, damaged))).message).toContain(
        'snapshot default v1: content does not match its checksum',
      );
      // As operators see it: exit status 2 and the reason.
      const refused = await run(['restore', csv], { DATA_DIR: dataDir });
      expect(refused.code).toBe(EXIT_REFUSED);
      expect(refused.stderr).toContain('[not_a_backup]');
      expect(refused.stderr).toContain('Nothing was changed.');

      // A running server holds the database open: the restore must not pull it away.
      const server = await openSqliteStore(dataDir);
      try {
        expect(await refusalOf(restoreDatabase(config, backupFile))).toMatchObject({
          code: 'database_in_use',
        });
      } finally {
        await server.close();
      }
      expect(sha256Of(liveFile)).toBe(liveBefore);
      expect(readdirSync(dataDir).filter((name) => name.startsWith('.restore-'))).toEqual([]);
      expect((await run(['verify'], { DATA_DIR: dataDir })).code).toBe(0);
    },
  );
});

describe('prizewheel backup and restore (PostgreSQL)', () => {
  let server: TestPostgresServer;
  beforeAll(async () => {
    server = await startTestPostgres();
  }, TEST_POSTGRES_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await server?.stop();
  }, TEST_POSTGRES_HOOK_TIMEOUT_MS);

  async function dropSchema(databaseUrl: string): Promise<void> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    } finally {
      await client.end();
    }
  }

  it(
    'backs up with pg_dump, the schema is dropped, restore brings back identical data; verify passes',
    { timeout: CLI_TEST_TIMEOUT_MS },
    async () => {
      const databaseUrl = await server.createDatabase();
      const dataDir = join(dir, 'data');
      const config = testConfig(dataDir, { databaseUrl });
      await seedDatabase({ databaseUrl });
      const before = await readEverything(config);
      expect(before.perWheel[0]!.draws.map((draw) => draw.mode)).toEqual(['predrawn', 'random']);

      const backupFile = join(dir, 'before-event.dump');
      const env = { DATA_DIR: dataDir, DATABASE_URL: databaseUrl };
      const backup = await run(['backup', backupFile], env);
      expect(backup.code, backup.stderr).toBe(0);
      expect(readFileSync(backupFile).subarray(0, 5).toString('latin1')).toBe('PGDMP');

      await dropSchema(databaseUrl);
      const restore = await run(['restore', backupFile], env);
      expect(restore.code, restore.stderr).toBe(0);
      expect(restore.stdout).toContain('Intact: every checksum and the audit chain match.');
      const verify = await run(['verify'], env);
      expect(verify.code, verify.stdout).toBe(0);
      expect(await readEverything(config)).toEqual(before);

      // A second restore over the live data (not wiped) replaces it the same way.
      expect((await run(['restore', backupFile], env)).code).toBe(0);
      expect(await readEverything(config)).toEqual(before);
    },
  );

  it(
    'refuses a file that is not a PostgreSQL backup, or a database a server is connected to, and changes nothing',
    { timeout: CLI_TEST_TIMEOUT_MS },
    async () => {
      const databaseUrl = await server.createDatabase();
      const dataDir = join(dir, 'data');
      const config = testConfig(dataDir, { databaseUrl });
      const env = { DATA_DIR: dataDir, DATABASE_URL: databaseUrl };
      await seedDatabase({ databaseUrl });
      const backupFile = join(dir, 'good.dump');
      expect((await run(['backup', backupFile], env)).code).toBe(0);
      await seedDatabase({ databaseUrl });
      const before = await readEverything(config);

      // A SQLite prizewheel backup is still not a PostgreSQL one.
      const sqliteFile = join(dir, 'a.sqlite');
      const sqliteStore = await openSqliteStore(join(dir, 'sqlite-data'));
      await sqliteStore.backup(sqliteFile);
      await sqliteStore.close();
      const text = join(dir, 'notes.txt');
      writeFileSync(text, 'not a dump');
      for (const file of [sqliteFile, text, join(dir, 'missing.dump')])
        expect(await refusalOf(restoreDatabase(config, file)), file).toMatchObject({ code: 'not_a_backup' });

      const running = await openPostgresStore(databaseUrl);
      try {
        expect(await refusalOf(restoreDatabase(config, backupFile))).toMatchObject({
          code: 'database_in_use',
        });
      } finally {
        await running.close();
      }
      expect(await readEverything(config)).toEqual(before);
      expect(existsSync(join(dir, 'good.dump.partial'))).toBe(false);
    },
  );
});
