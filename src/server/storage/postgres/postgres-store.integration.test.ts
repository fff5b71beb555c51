// The storage contract against the PostgreSQL adapter, on a throwaway PostgreSQL 15 server
// (each case gets a fresh database), and the LISTEN/NOTIFY relay between two instances.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../core/index.ts';
import { createWheelEventBus, type WheelEvent } from '../../events.ts';
import { checkStoreIntegrity } from '../../services/store-integrity.ts';
import { verifyAuditChain } from '../audit-chain.ts';
import { MIGRATED_TABLES, MIGRATION_NAMES, migrationProvider } from '../migrations/index.ts';
import { seedMaskedWheel } from '../test-support/private-names-store.contract.ts';
import { describeIntegrityStoreContract } from '../test-support/store-integrity.contract.ts';
import { describeOfflineVoucherStoreContract } from '../test-support/offline-voucher-store.contract.ts';
import { describeStoreContract } from '../test-support/store.contract.ts';
import { attachEventRelay, LISTENER_APPLICATION_NAME } from './event-relay.ts';
import { dumpPostgres, restorePostgresBackup } from './pg-backup.ts';
import {
  isPostgresStore,
  openPostgresStore,
  type PostgresStore,
  type PostgresStoreOptions,
} from './open-postgres-store.ts';
import {
  startTestPostgres,
  TEST_POSTGRES_HOOK_TIMEOUT_MS,
  type TestPostgresServer,
} from '../test-support/postgres-test-server.ts';

let server: TestPostgresServer;
/** A migrated, empty database: copying it is faster than migrating each fresh database. */
let migratedTemplate: string;

beforeAll(async () => {
  server = await startTestPostgres();
  const templateUrl = await server.createDatabase();
  await (await openPostgresStore(templateUrl)).close();
  migratedTemplate = new URL(templateUrl).pathname.slice(1);
}, TEST_POSTGRES_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await server?.stop();
}, TEST_POSTGRES_HOOK_TIMEOUT_MS);

describeStoreContract('PostgreSQL', async () =>
  openPostgresStore(await server.createDatabase({ template: migratedTemplate })),
);

describeIntegrityStoreContract('PostgreSQL', async () =>
  openPostgresStore(await server.createDatabase({ template: migratedTemplate })),
);

describeOfflineVoucherStoreContract('PostgreSQL', async () =>
  openPostgresStore(await server.createDatabase({ template: migratedTemplate })),
);

describe('PostgreSQL store: full names of public-name versions (snapshot_private_names)', () => {
  it('keeps them through pg_dump and pg_restore, and prizewheel verify finds a changed full name', async () => {
    const databaseUrl = await server.createDatabase({ template: migratedTemplate });
    const folder = mkdtempSync(join(tmpdir(), 'prizewheel-pg-private-names-'));
    try {
      let store = await openPostgresStore(databaseUrl);
      const fullNames = await seedMaskedWheel(store);
      const before = await Promise.all([1, 2].map((version) => store.readPrivateNames('gala', version)));
      expect(before.map((found) => found?.names)).toEqual([fullNames.get(1), fullNames.get(2)]);
      await store.close();

      const backupFile = join(folder, 'before-event.dump');
      await dumpPostgres(databaseUrl, backupFile);
      const admin = new pg.Client({ connectionString: databaseUrl });
      await admin.connect();
      try {
        await admin.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
      } finally {
        await admin.end();
      }
      await restorePostgresBackup(databaseUrl, backupFile);

      store = await openPostgresStore(databaseUrl);
      try {
        expect(await Promise.all([1, 2].map((version) => store.readPrivateNames('gala', version)))).toEqual(
          before,
        );
        expect((await checkStoreIntegrity(store)).damage).toEqual([]);
        // A full name changed behind the server's back no longer matches the private checksum.
        const intruder = new pg.Client({ connectionString: databaseUrl });
        await intruder.connect();
        try {
          const renamed = fullNames.get(2)!.map((name, index) => (index === 0 ? 'Mallory' : name));
          await intruder.query(
            "update snapshot_private_names set names = $1 where wheel = 'gala' and version = 2",
            [JSON.stringify(renamed)],
          );
        } finally {
          await intruder.end();
        }
        expect((await checkStoreIntegrity(store)).damage).toEqual([
          'snapshot gala v2: its full names do not match their private checksum',
        ]);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('PostgreSQL restore of a backup taken before a later migration', () => {
  it('drops the tables the later migration made, in the restore transaction, so the restored database opens and migrates again', async () => {
    const databaseUrl = await server.createDatabase();
    const folder = mkdtempSync(join(tmpdir(), 'prizewheel-pg-older-backup-'));
    try {
      // The database as the release before 0011-public-names left it, backed up.
      const older = new Kysely<unknown>({
        dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl }) }),
      });
      try {
        const migrated = await new Migrator({ db: older, provider: migrationProvider }).migrateTo(
          '0010-event-program',
        );
        expect(migrated.error).toBeUndefined();
      } finally {
        await older.destroy();
      }
      const backupFile = join(folder, 'before-upgrade.dump');
      await dumpPostgres(databaseUrl, backupFile);
      // The upgrade migrates it; a masked publish and a draw write full names.
      const upgraded = await openPostgresStore(databaseUrl);
      const fullNames = await seedMaskedWheel(upgraded);
      await upgraded.close();

      // A restore that fails halfway (a view of another client holds a table) changes nothing.
      const sql = async (text: string) => {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        try {
          await client.query(text);
        } finally {
          await client.end();
        }
      };
      await sql('create view snapshot_count as select count(*) from snapshots');
      expect(
        await restorePostgresBackup(databaseUrl, backupFile).catch((error: unknown) => error),
      ).toMatchObject({
        code: 'tool_failed',
        message: expect.stringContaining('snapshot_count') as string,
      });
      await sql('drop view snapshot_count');
      const untouched = await openPostgresStore(databaseUrl);
      try {
        expect((await untouched.readPrivateNames('gala', 1))?.names).toEqual(fullNames.get(1));
      } finally {
        await untouched.close();
      }

      await restorePostgresBackup(databaseUrl, backupFile);
      const store = await openPostgresStore(databaseUrl);
      try {
        expect(await store.listAppliedMigrations()).toEqual(MIGRATION_NAMES);
        expect(await store.getWheel('gala')).toBeNull();
        expect(await store.readPrivateNames('gala', 1)).toBeNull();
        expect((await checkStoreIntegrity(store)).damage).toEqual([]);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('knows every table the migrations make (the tables a restore may have to drop)', async () => {
    const client = new pg.Client({
      connectionString: await server.createDatabase({ template: migratedTemplate }),
    });
    await client.connect();
    try {
      const { rows } = await client.query<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
      );
      const tables = rows.map((row) => row.table_name).filter((name) => !name.startsWith('kysely_migration'));
      expect(tables.sort()).toEqual([...MIGRATED_TABLES].sort());
    } finally {
      await client.end();
    }
  });
});

describe('PostgreSQL store: several instances on one database', () => {
  const INSTANCES = 3;
  const PUBLISHES_PER_INSTANCE = 20;

  it('migrates once when instances open an empty database at the same time, then serializes their writes', async () => {
    const databaseUrl = await server.createDatabase();
    const instances = await Promise.all(
      Array.from({ length: INSTANCES }, () => openPostgresStore(databaseUrl)),
    );
    try {
      const [first] = instances as [PostgresStore];
      await first.createWheel(
        { slug: 'gala', title: 'Gala', settings: DEFAULT_SETTINGS },
        { actor: 'admin', action: 'create_wheel', wheel: 'gala', details: {} },
      );
      await first.replaceDraftEntries('gala', [{ ticket: '1', name: 'One', weight: 1 }], {
        actor: 'admin',
        action: 'replace_draft',
        wheel: 'gala',
        details: {},
      });
      const published = await Promise.all(
        instances.flatMap((store) =>
          Array.from({ length: PUBLISHES_PER_INSTANCE }, () =>
            store.publishDraft('gala', {
              publishedAt: '2026-11-28T12:00:00.000Z',
              publishedBy: 'admin',
              prepare: (draft) => ({
                entries: draft.entries,
                settings: draft.settings,
                audit: { actor: 'admin', details: {} },
              }),
            }),
          ),
        ),
      );
      const total = INSTANCES * PUBLISHES_PER_INSTANCE;
      expect(published.map((snapshot) => snapshot.version).sort((a, b) => a - b)).toEqual(
        Array.from({ length: total }, (_, i) => i + 1),
      );
      expect(verifyAuditChain(await first.listAuditEvents())).toEqual([]);
    } finally {
      await Promise.all(instances.map((store) => store.close()));
    }
  });
});

type Received = Array<{ wheel: string; event: WheelEvent }>;

/** Resolves with everything received once `predicate` holds for the latest arrival. */
function collector() {
  const received: Received = [];
  let waiter: { predicate: (wheel: string, event: WheelEvent) => boolean; resolve: () => void } | null = null;
  return {
    received,
    listener(wheel: string, event: WheelEvent) {
      received.push({ wheel, event });
      if (waiter?.predicate(wheel, event)) waiter.resolve();
    },
    until(predicate: (wheel: string, event: WheelEvent) => boolean): Promise<Received> {
      if (received.some(({ wheel, event }) => predicate(wheel, event))) return Promise.resolve(received);
      return new Promise((resolve) => {
        waiter = { predicate, resolve: () => resolve(received) };
      });
    },
  };
}

const snapshotEvent = (version: number): WheelEvent => ({ type: 'snapshot', data: { version } });

describe('PostgreSQL event relay (LISTEN/NOTIFY on prizewheel_events)', () => {
  const opened: PostgresStore[] = [];
  let databaseUrl: string;

  async function openInstance(options: PostgresStoreOptions = {}, url = databaseUrl): Promise<PostgresStore> {
    const store = await openPostgresStore(url, options);
    opened.push(store);
    return store;
  }

  beforeAll(async () => {
    databaseUrl = await server.createDatabase({ template: migratedTemplate });
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  it('delivers an event notified by one instance to the other, never back to its sender', async () => {
    const [instanceA, instanceB] = [await openInstance(), await openInstance()];
    expect(isPostgresStore(instanceA)).toBe(true);
    expect(instanceA.instanceId).not.toBe(instanceB.instanceId);
    const atA = collector();
    const atB = collector();
    await instanceA.subscribeEvents(atA.listener);
    await instanceB.subscribeEvents(atB.listener);

    await instanceA.notifyEvent('gala', snapshotEvent(7));
    expect(await atB.until((_, event) => event.type === 'snapshot')).toEqual([
      { wheel: 'gala', event: snapshotEvent(7) },
    ]);
    // B's event is committed after A's own, so had A heard itself that would have come first.
    await instanceB.notifyEvent('gala', { type: 'landed', data: { spinId: 's1', ticket: '00042' } });
    expect(await atA.until((_, event) => event.type === 'landed')).toEqual([
      { wheel: 'gala', event: { type: 'landed', data: { spinId: 's1', ticket: '00042' } } },
    ]);
  });

  it('makes an event bus fan out: a publish on A reaches subscribers on A once and on B', async () => {
    const [instanceA, instanceB] = [await openInstance(), await openInstance()];
    const [busA, busB] = [createWheelEventBus(), createWheelEventBus()];
    const relayErrors: Error[] = [];
    await attachEventRelay(busA, instanceA, (error) => relayErrors.push(error));
    await attachEventRelay(busB, instanceB, (error) => relayErrors.push(error));
    const atA = collector();
    const atB = collector();
    busA.subscribe('gala', (event) => atA.listener('gala', event));
    busB.subscribe('gala', (event) => atB.listener('gala', event));
    busB.subscribe('other', (event) => atB.listener('other', event));

    busA.publish('gala', snapshotEvent(1));
    busA.publish('other', snapshotEvent(5));
    expect(atA.received).toEqual([{ wheel: 'gala', event: snapshotEvent(1) }]);
    // NOTE: two wheels' events may commit in either order (each publish is its own statement, on
    // any pooled connection): wait for both, then compare without the order across wheels.
    await atB.until((wheel) => wheel === 'other');
    await atB.until((wheel) => wheel === 'gala');
    expect([...atB.received].sort((a, b) => a.wheel.localeCompare(b.wheel))).toEqual([
      { wheel: 'gala', event: snapshotEvent(1) },
      { wheel: 'other', event: snapshotEvent(5) },
    ]);
    busB.publish('gala', snapshotEvent(2));
    await atA.until((_, event) => event.type === 'snapshot' && event.data.version === 2);
    expect(atA.received).toEqual([
      { wheel: 'gala', event: snapshotEvent(1) },
      { wheel: 'gala', event: snapshotEvent(2) },
    ]);
    expect(relayErrors).toEqual([]);
  });

  it('listens again after its connection is killed', async () => {
    let listening = 0;
    let onListening: (() => void) | null = null;
    // Its own database, so no listener closed by an earlier case can show up below.
    const ownDatabaseUrl = await server.createDatabase({ template: migratedTemplate });
    const instanceA = await openInstance({}, ownDatabaseUrl);
    const instanceB = await openInstance(
      {
        onListening() {
          listening += 1;
          onListening?.();
        },
      },
      ownDatabaseUrl,
    );
    const atB = collector();
    await instanceB.subscribeEvents(atB.listener);
    expect(listening).toBe(1);
    const relistened = new Promise<void>((resolve) => {
      onListening = resolve;
    });
    const admin = new pg.Client({ connectionString: ownDatabaseUrl });
    await admin.connect();
    try {
      const killed = await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = $1',
        [LISTENER_APPLICATION_NAME],
      );
      expect(killed.rowCount).toBe(1);
    } finally {
      await admin.end();
    }
    await relistened;
    await instanceA.notifyEvent('gala', snapshotEvent(3));
    expect(await atB.until(() => true)).toEqual([{ wheel: 'gala', event: snapshotEvent(3) }]);
  });

  it('refuses to send an event that is not valid instead of losing it silently', async () => {
    const instance = await openInstance();
    const huge = { type: 'landed', data: { spinId: 'x'.repeat(9_000), ticket: '1' } } as const;
    await expect(instance.notifyEvent('gala', huge)).rejects.toThrow(/not a valid event/);
  });

  it('delivers nothing a foreign NOTIFY says: a forged spin, an unknown type, a made-up or replayed row id', async () => {
    const rejected: string[] = [];
    const instanceA = await openInstance();
    const instanceB = await openInstance({ onRelayRejected: (reason) => rejected.push(reason) });
    const atB = collector();
    await instanceB.subscribeEvents(atB.listener);
    const genuine = { type: 'landed', data: { spinId: 's1', ticket: '00042' } } as const;
    await instanceA.notifyEvent('gala', genuine);
    await atB.until((_, event) => event.type === 'landed');
    const intruder = new pg.Client({ connectionString: databaseUrl });
    await intruder.connect();
    try {
      const { rows } = await intruder.query<{ id: string }>('select id from relay_events');
      const forgedSpin = {
        id: 'forged',
        wheel: 'gala',
        version: 1,
        targetIndex: 0,
        ticket: '00001',
        name: 'Mallory',
        rotations: 5,
        landingFraction: 0.5,
        durationMs: 11_000,
      };
      for (const payload of [
        // The old message form: the event itself on the channel.
        JSON.stringify({ origin: 'intruder', wheel: 'gala', event: { type: 'spin', data: forgedSpin } }),
        JSON.stringify({ origin: 'intruder', wheel: 'gala', event: { type: 'reset\ndata: x', data: {} } }),
        `${instanceA.instanceId} 00000000-0000-4000-8000-000000000000`,
        // A genuine row named again: delivered once only.
        `${instanceA.instanceId} ${rows[0]!.id}`,
      ])
        await intruder.query('select pg_notify($1, $2)', ['prizewheel_events', payload]);
    } finally {
      await intruder.end();
    }
    // Notifications are handled in order: once this arrives, the forged ones were dropped before it.
    await instanceA.notifyEvent('gala', snapshotEvent(2));
    expect(await atB.until((_, event) => event.type === 'snapshot')).toEqual([
      { wheel: 'gala', event: genuine },
      { wheel: 'gala', event: snapshotEvent(2) },
    ]);
    expect(rejected).toHaveLength(4);
  });
});
