// The Store over Kysely: one query path for SQLite and PostgreSQL, composed of one part per
// aggregate (kysely-*-store.ts) over a shared context (kysely-shared.ts). Only portable SQL here:
// the dialect-specific parts (connection, pragmas, backup, write lock) live in sqlite/ and postgres/.
import { DEFAULT_MIGRATION_TABLE, sql, type Kysely } from 'kysely';
import { createKyselyAccountStore } from './kysely-account-store.ts';
import { createKyselyAppearanceStore } from './kysely-appearance-store.ts';
import { createKyselyAuditStore } from './kysely-audit-store.ts';
import { createKyselyDrawStore } from './kysely-draw-store.ts';
import { createKyselyOfflineVoucherStore } from './kysely-offline-voucher-store.ts';
import { createKyselyPartContext } from './kysely-shared.ts';
import { createKyselySnapshotStore } from './kysely-snapshot-store.ts';
import { createKyselyVerificationStore } from './kysely-verification-store.ts';
import { createKyselyWheelStore } from './kysely-wheel-store.ts';
import type { Database } from './schema.ts';
import type { Store } from './store.ts';

export interface KyselyStoreOptions {
  /** The clock, injectable for tests. */
  now?: () => Date;
}

export function createKyselyStore(db: Kysely<Database>, options: KyselyStoreOptions = {}): Store {
  const context = createKyselyPartContext(db, options.now ?? (() => new Date()));
  return {
    ...createKyselyAccountStore(context),
    ...createKyselyWheelStore(context),
    ...createKyselySnapshotStore(context),
    ...createKyselyDrawStore(context),
    ...createKyselyOfflineVoucherStore(context),
    ...createKyselyVerificationStore(context),
    ...createKyselyAppearanceStore(context),
    ...createKyselyAuditStore(context),

    async ping() {
      await sql`select 1`.execute(db);
    },

    async listAppliedMigrations() {
      // Kysely's Migrator bookkeeping table: one row per applied migration.
      const result = await sql<{ name: string }>`select name from ${sql.table(
        DEFAULT_MIGRATION_TABLE,
      )} order by name`.execute(db);
      return result.rows.map((row) => row.name);
    },

    async close() {
      await db.destroy();
    },
  };
}
