// Opens the store the configuration names. Shared by the server's storage plugin and the CLI, which
// opens the database without building the app.
import type { Config } from '../config.ts';
import { isPostgresUrl, openPostgresStore } from './postgres/open-postgres-store.ts';
import { openSqliteStore } from './sqlite/open-sqlite-store.ts';
import type { Store } from './store.ts';

export interface OpenStoreOptions {
  now?: () => Date;
  /** Where failures of PostgreSQL's background connections are reported (the server's logger). */
  log?: { error(details: object, message: string): void; warn(details: object, message: string): void };
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
      onRelayRejected: (reason) => log?.warn({ reason }, 'event relay: notification dropped'),
    });
  }
  return openSqliteStore(config.dataDir, clock);
}
