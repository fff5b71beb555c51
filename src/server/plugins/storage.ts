import fp from 'fastify-plugin';
import { createExistingWheels, type ExistingWheels } from '../services/existing-wheels.ts';
import { createSnapshotReader, type SnapshotReader } from '../services/snapshot-reader.ts';
import { attachEventRelay } from '../storage/postgres/event-relay.ts';
import { openStore } from '../storage/open-store.ts';
import { isPostgresStore } from '../storage/postgres/open-postgres-store.ts';
import type { Store } from '../storage/store.ts';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    /** Verified reads of published snapshots (checksums checked before anything is served). */
    snapshots: SnapshotReader;
    /** Whether a wheel exists, for public endpoints every display calls (404 for a made-up slug). */
    existingWheels: ExistingWheels;
  }
}

/** `fastify.store`: the given store, or the configured one (closed with the app). */
export const storagePlugin = fp<{ store?: Store; now?: () => Date }>(
  async (fastify, options) => {
    const store =
      options.store ??
      (await openStore(fastify.config, { ...(options.now ? { now: options.now } : {}), log: fastify.log }));
    fastify.decorate('store', store);
    fastify.decorate('existingWheels', createExistingWheels(store));
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
