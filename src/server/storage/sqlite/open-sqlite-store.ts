// The SQLite adapter: better-sqlite3 in WAL mode behind Kysely, migrated on open.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createKyselyStore, type KyselyStoreOptions } from '../kysely-store.ts';
import { migrateToLatest } from '../migrations/index.ts';
import type { Database } from '../schema.ts';
import type { Store } from '../store.ts';

export const SQLITE_FILE_NAME = 'prizewheel.sqlite';
const BUSY_TIMEOUT_MS = 5_000;

export interface SqliteStore extends Store {
  /** A consistent online copy of the database (better-sqlite3's backup API). */
  backup(destinationFile: string): Promise<void>;
  readonly file: string;
}

export function sqliteFileIn(dataDir: string): string {
  return join(dataDir, SQLITE_FILE_NAME);
}

export async function openSqliteStore(
  dataDir: string,
  options: KyselyStoreOptions = {},
): Promise<SqliteStore> {
  mkdirSync(dataDir, { recursive: true });
  const file = sqliteFileIn(dataDir);
  const connection = new SqliteDatabase(file);
  connection.pragma('journal_mode = WAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // NOTE: WAL with synchronous=NORMAL stays durable across application crashes; a power loss may
  // lose the last transactions but never corrupts the file.
  connection.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
  await migrateToLatest(db);
  const store = createKyselyStore(db, options);
  return {
    ...store,
    file,
    async backup(destinationFile) {
      await connection.backup(destinationFile);
    },
  };
}
