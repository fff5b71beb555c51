import fp from 'fastify-plugin';
import { createSnapshotReader, type SnapshotReader } from '../services/snapshot-reader.ts';
import { openSqliteStore } from '../storage/sqlite/open-sqlite-store.ts';
import type { Store } from '../storage/store.ts';
import type { Config } from '../config.ts';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    /** Verified reads of published snapshots (checksums checked before anything is served). */
    snapshots: SnapshotReader;
  }
}

/** Opens the store the configuration names. */
export async function openStore(config: Config, now?: () => Date): Promise<Store> {
  if (config.databaseUrl !== undefined) {
    // NOTE: the PostgreSQL adapter implements the same Store in a later issue.
    throw new Error(
      'DATABASE_URL is set, but the PostgreSQL store is not available yet; unset it to use SQLite',
    );
  }
  return openSqliteStore(config.dataDir, now ? { now } : {});
}

/** `fastify.store`: the given store, or the configured one (closed with the app). */
export const storagePlugin = fp<{ store?: Store; now?: () => Date }>(
  async (fastify, options) => {
    const store = options.store ?? (await openStore(fastify.config, options.now));
    fastify.decorate('store', store);
    fastify.decorate('snapshots', createSnapshotReader(store, fastify.log));
    fastify.addHook('onClose', async () => {
      await store.close();
    });
  },
  { name: 'storage', dependencies: ['config'] },
);
