import type { FastifyBaseLogger } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import { createSnapshotReader, type SnapshotReader } from '../services/snapshot-reader.ts';
import { attachEventRelay } from '../storage/postgres/event-relay.ts';
import {
  isPostgresStore,
  isPostgresUrl,
  openPostgresStore,
} from '../storage/postgres/open-postgres-store.ts';
import { openSqliteStore } from '../storage/sqlite/open-sqlite-store.ts';
import type { Store } from '../storage/store.ts';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    /** Verified reads of published snapshots (checksums checked before anything is served). */
    snapshots: SnapshotReader;
  }
}

export interface OpenStoreOptions {
  now?: () => Date;
  log?: Pick<FastifyBaseLogger, 'error'>;
}

/** Opens the store the configuration names: PostgreSQL for a postgres:// DATABASE_URL, else SQLite in DATA_DIR. */
export async function openStore(config: Config, options: OpenStoreOptions = {}): Promise<Store> {
  const clock = options.now ? { now: options.now } : {};
  if (config.databaseUrl !== undefined) {
    if (!isPostgresUrl(config.databaseUrl))
      throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
    const log = options.log;
    return openPostgresStore(config.databaseUrl, {
      ...clock,
      onBackgroundError: (error) => log?.error({ err: error }, 'PostgreSQL background connection failed'),
    });
  }
  return openSqliteStore(config.dataDir, clock);
}

/** `fastify.store`: the given store, or the configured one (closed with the app). */
export const storagePlugin = fp<{ store?: Store; now?: () => Date }>(
  async (fastify, options) => {
    const store =
      options.store ??
      (await openStore(fastify.config, { ...(options.now ? { now: options.now } : {}), log: fastify.log }));
    fastify.decorate('store', store);
    fastify.decorate(
      'snapshots',
      createSnapshotReader(
        store,
        {
          error(details, message) {
            fastify.log.error(details, message);
            if ('wheel' in details && typeof details.wheel === 'string')
              fastify.metrics.damagedSnapshots.inc({ wheel: details.wheel });
          },
        },
        { events: fastify.events },
      ),
    );
    // Several instances on one PostgreSQL database see each other's spins and publishes.
    const stopRelay = isPostgresStore(store)
      ? await attachEventRelay(fastify.events, store, (error) =>
          fastify.log.error({ err: error }, 'event relay failed'),
        )
      : null;
    fastify.addHook('onClose', async () => {
      await stopRelay?.();
      await store.close();
    });
  },
  { name: 'storage', dependencies: ['config', 'services', 'metrics'] },
);
