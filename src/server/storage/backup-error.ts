// Why a backup or a restore refused to go on. Each refusal changes nothing.

export type BackupErrorCode =
  /** The file is not a prizewheel backup of this kind of database. */
  | 'not_a_backup'
  /** The file is a prizewheel backup, but it fails an integrity check. */
  | 'backup_damaged'
  /** The backup holds migrations this release does not know (taken by a newer release). */
  | 'backup_from_newer_release'
  /** A server (or another client) has the database open. */
  | 'database_in_use'
  /** pg_dump, pg_restore or psql is not installed. */
  | 'tool_missing'
  /** pg_dump, pg_restore or psql ran and failed. */
  | 'tool_failed'
  /** The destination of a backup already exists. */
  | 'file_exists';

export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

export function isBackupError(error: unknown): error is BackupError {
  return error instanceof BackupError;
}

/** Tables every prizewheel database has since its first migration. */
export const PRIZEWHEEL_TABLES = [
  'kysely_migration',
  'wheels',
  'snapshots',
  'draws',
  'audit_events',
] as const;
