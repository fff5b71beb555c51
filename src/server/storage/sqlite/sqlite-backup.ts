// Restoring the SQLite database from a `prizewheel backup` file, safely:
// 1. the file must be a SQLite prizewheel database that passes SQLite's integrity check;
// 2. it is copied into a staging folder inside DATA_DIR, migrated there and checked by the caller;
// 3. the live database must not be open anywhere (a server is refused, never raced);
// 4. the staged file replaces the live one with one rename, so the path always holds a whole
//    database (the old one or the restored one), even after a crash in between.
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { BackupError, PRIZEWHEEL_TABLES } from '../backup-error.ts';
import { compareMigrations } from '../migrations/index.ts';
import type { Store } from '../store.ts';
import { openSqliteStore, sqliteFileIn, type SqliteStore } from './open-sqlite-store.ts';

const SQLITE_HEADER = 'SQLite format 3\0';
/** pg_dump's custom format starts with these bytes: a hint for the operator, not a check. */
const PG_DUMP_HEADER = 'PGDMP';
const HEADER_BYTES = 16;

export interface RestoreSqliteResult {
  /** The live database file that now holds the backup's data. */
  file: string;
  /** Where the database it replaced was kept, or null when there was none. */
  replacedCopy: string | null;
}

/** Throws BackupError unless `file` is a SQLite prizewheel database this release can use. */
export function inspectSqliteBackup(file: string): void {
  const header = readHeader(file);
  if (header.startsWith(PG_DUMP_HEADER))
    throw new BackupError(
      'not_a_backup',
      `${file} is a PostgreSQL dump (pg_dump -Fc), not a SQLite backup: restore it with DATABASE_URL set`,
    );
  if (header !== SQLITE_HEADER)
    throw new BackupError('not_a_backup', `${file} is not a SQLite database (made by prizewheel backup)`);
  let db: SqliteDatabase.Database;
  try {
    db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new BackupError('not_a_backup', `${file} cannot be opened as SQLite: ${String(error)}`);
  }
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok')
      throw new BackupError('backup_damaged', `${file} fails SQLite's integrity check: ${String(integrity)}`);
    const tables = new Set(
      db
        .prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`)
        .all()
        .map((row) => row.name),
    );
    const absent = PRIZEWHEEL_TABLES.filter((table) => !tables.has(table));
    if (absent.length > 0)
      throw new BackupError(
        'not_a_backup',
        `${file} is a SQLite database but not a prizewheel one (no table ${absent.join(', ')})`,
      );
    const applied = db
      .prepare<[], { name: string }>('SELECT name FROM kysely_migration ORDER BY name')
      .all()
      .map((row) => row.name);
    const { unknown } = compareMigrations(applied);
    if (unknown.length > 0)
      throw new BackupError(
        'backup_from_newer_release',
        `${file} was taken by a newer release (migrations ${unknown.join(', ')}); restore it with that release`,
      );
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError('backup_damaged', `${file} cannot be read: ${String(error)}`);
  } finally {
    db.close();
  }
}

/**
 * Replaces the database in `dataDir` with the backup in `backupFile`. `checkStaged` sees the
 * staged copy, migrated to this release, before anything live changes; it throws to refuse.
 * Throws BackupError (nothing changed) when the file is not a usable backup or the database is open.
 */
export async function restoreSqliteBackup(
  backupFile: string,
  dataDir: string,
  checkStaged: (store: Store) => Promise<void>,
  now: () => Date = () => new Date(),
): Promise<RestoreSqliteResult> {
  inspectSqliteBackup(backupFile);
  const liveFile = sqliteFileIn(dataDir);
  // Staged inside DATA_DIR: the final rename must stay on one file system to be atomic.
  const { stagingDir, stagedFile } = await stageCopy(backupFile, dataDir);
  try {
    const staged: SqliteStore = await openSqliteStore(stagingDir);
    try {
      await checkStaged(staged);
    } finally {
      // Closing the last connection checkpoints the WAL into the file and removes it.
      await staged.close();
    }
    const replacedCopy = existsSync(liveFile) ? keepLiveDatabase(liveFile, now()) : null;
    renameSync(stagedFile, liveFile);
    syncDirectory(dataDir);
    return { file: liveFile, replacedCopy };
  } finally {
    rmSync(stagingDir, { recursive: true, force: true });
  }
}

async function stageCopy(
  backupFile: string,
  dataDir: string,
): Promise<{ stagingDir: string; stagedFile: string }> {
  mkdirSync(dataDir, { recursive: true });
  const stagingDir = mkdtempSync(join(dataDir, '.restore-'));
  const stagedFile = sqliteFileIn(stagingDir);
  const source = new SqliteDatabase(backupFile, { readonly: true, fileMustExist: true });
  try {
    // The backup API, not a file copy: it also takes what a -wal file beside the backup holds.
    await source.backup(stagedFile);
    return { stagingDir, stagedFile };
  } catch (error) {
    rmSync(stagingDir, { recursive: true, force: true });
    throw error;
  } finally {
    source.close();
  }
}

/**
 * Makes sure no one has the live database open, folds its WAL into the file, and keeps a copy of
 * it beside it. Returns the copy's path.
 */
function keepLiveDatabase(liveFile: string, at: Date): string {
  const live = new SqliteDatabase(liveFile, { fileMustExist: true });
  try {
    live.pragma('busy_timeout = 0');
    // NOTE: leaving WAL mode needs the only connection: it fails while any server has the file
    // open, which is the check we want. It also removes the -wal and -shm files, which must not
    // outlive the file they belong to (SQLite would replay them onto the restored database).
    try {
      live.pragma('journal_mode = DELETE');
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_BUSY')
        throw new BackupError(
          'database_in_use',
          `${liveFile} is open in another process (a running server?): stop it, then restore`,
        );
      throw error;
    }
    const copy = `${liveFile}.before-restore-${at.toISOString().replace(/[:.]/g, '-')}`;
    live.exec(`VACUUM INTO '${copy.replace(/'/g, "''")}'`);
    return copy;
  } finally {
    live.close();
  }
}

function readHeader(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BackupError('not_a_backup', code === 'ENOENT' ? `${file}: no such file` : `${file}: ${code}`);
  }
  try {
    const buffer = Buffer.alloc(HEADER_BYTES);
    const read = readSync(fd, buffer, 0, HEADER_BYTES, 0);
    return buffer.subarray(0, read).toString('latin1');
  } catch (error) {
    throw new BackupError('not_a_backup', `${file} cannot be read: ${String(error)}`);
  } finally {
    closeSync(fd);
  }
}

/** A rename is durable once its directory is synced. */
function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
