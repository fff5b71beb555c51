// The PostgreSQL adapter: pg's pool behind Kysely, migrated on open, the same Store as SQLite,
// plus the LISTEN/NOTIFY relay that lets several server instances share one database.
import { Kysely } from 'kysely';
import pg from 'pg';
import { createKyselyStore, type KyselyStoreOptions } from '../kysely-store.ts';
import { migrateToLatest } from '../migrations/index.ts';
import type { Database } from '../schema.ts';
import type { Store } from '../store.ts';
import { createPostgresEventRelay, type EventRelayOptions, type PostgresEventRelay } from './event-relay.ts';
import { WriteLockPostgresDialect } from './write-lock-dialect.ts';

const POOL_MAX_CONNECTIONS = 10;
const CONNECT_TIMEOUT_MS = 10_000;
const INT8_OID = 20;
/** Names the pool's connections in pg_stat_activity (a DATABASE_URL application_name wins). */
const POOL_APPLICATION_NAME = 'prizewheel';

export interface PostgresStore extends Store, Omit<PostgresEventRelay, 'close'> {
  readonly databaseUrl: string;
}

export interface PostgresStoreOptions extends KyselyStoreOptions, Pick<EventRelayOptions, 'onListening'> {
  /** An idle pooled connection or a listening connection failed (both are replaced). */
  onBackgroundError?: (error: Error) => void;
  /** A relay notification was dropped (forged, replayed, or not a valid event): why. */
  onRelayRejected?: (reason: string) => void;
}

/** True for the store openPostgresStore returns (it can relay events across instances). */
export function isPostgresStore(store: Store): store is PostgresStore {
  return 'subscribeEvents' in store && 'notifyEvent' in store;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

export async function openPostgresStore(
  databaseUrl: string,
  options: PostgresStoreOptions = {},
): Promise<PostgresStore> {
  const onBackgroundError = options.onBackgroundError ?? (() => undefined);
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    application_name: POOL_APPLICATION_NAME,
    max: POOL_MAX_CONNECTIONS,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // NOTE: count(*) and other bigint results come back as strings by default; counts here stay
    // far below 2^53, so they are parsed as numbers like SQLite returns them.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // Without a listener an idle client's error (e.g. the server restarting) would crash the process.
  pool.on('error', onBackgroundError);
  const db = new Kysely<Database>({ dialect: new WriteLockPostgresDialect({ pool }) });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const store = createKyselyStore(db, options);
  const relay = createPostgresEventRelay(db, databaseUrl, {
    onListenError: onBackgroundError,
    ...(options.onRelayRejected ? { onRejected: options.onRelayRejected } : {}),
    ...(options.onListening ? { onListening: options.onListening } : {}),
  });
  return {
    ...store,
    databaseUrl,
    instanceId: relay.instanceId,
    notifyEvent: relay.notifyEvent,
    subscribeEvents: relay.subscribeEvents,
    async close() {
      await relay.close();
      await store.close();
    },
  };
}
