// prizewheel restore FILE — replaces the database with a `prizewheel backup` file, then runs the
// checks of `prizewheel verify` on the result. A file that is not a usable backup, or a database
// a server still has open, is refused and nothing changes.
import { resolve } from 'node:path';
import { readConfigFromProcess, type Config } from '../../server/config.ts';
import { checkStoreIntegrity, formatStoreIntegrity } from '../../server/services/store-integrity.ts';
import { BackupError, isBackupError } from '../../server/storage/backup-error.ts';
import { restorePostgresBackup } from '../../server/storage/postgres/pg-backup.ts';
import { restoreSqliteBackup } from '../../server/storage/sqlite/sqlite-backup.ts';
import { parseCommandArgs, UsageError } from './shared.ts';
import { verifyConfiguredDatabase } from './verify.ts';
import { restoreSigningKey, signingKeySidecarOf } from './signing-key-backup.ts';
import { toTerminalText } from '../terminal-text.ts';

/** Nothing was restored: the file is not a usable backup, or the database is in use. */
export const EXIT_RESTORE_REFUSED = 2;

export async function restoreCommand(args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs(args, {});
  const [path, ...rest] = positionals;
  if (!path || rest.length > 0) throw new UsageError('restore takes exactly one FILE');
  const config = readConfigFromProcess();
  const source = resolve(path);
  try {
    await restoreDatabase(config, source);
  } catch (error) {
    if (!isBackupError(error)) throw error;
    process.stderr.write(
      `prizewheel restore: ${toTerminalText(error.message)} [${error.code}]\nNothing was changed.\n`,
    );
    return EXIT_RESTORE_REFUSED;
  }
  const key = restoreSigningKey(config, source);
  process.stdout.write(
    key.outcome === 'no-sidecar'
      ? `No ${signingKeySidecarOf(source)} next to the backup: the certificate signing key stays as it is\n`
      : key.outcome === 'unchanged'
        ? "The certificate signing key is the backup's already\n"
        : `Restored the certificate signing key into ${config.signingKeyFile}${
            key.replacedCopy === null ? '' : ` (the key it replaced is kept as ${key.replacedCopy})`
          }\n`,
  );
  // The same checks as `prizewheel verify`, on the database as the server will open it.
  return verifyConfiguredDatabase(config);
}

/** Restores the configured database from `source`; throws BackupError (nothing changed) when refused. */
export async function restoreDatabase(config: Config, source: string): Promise<void> {
  if (config.databaseUrl !== undefined) {
    await restorePostgresBackup(config.databaseUrl, source);
    process.stdout.write(
      `Restored ${source} into the PostgreSQL database (pg_restore, run by psql in one transaction)\n`,
    );
    return;
  }
  const result = await restoreSqliteBackup(source, config.dataDir, async (staged) => {
    const integrity = await checkStoreIntegrity(staged);
    if (integrity.damage.length > 0)
      throw new BackupError(
        'backup_damaged',
        `${source} fails the checks of prizewheel verify:\n${formatStoreIntegrity(integrity).trimEnd()}`,
      );
  });
  process.stdout.write(
    `Restored ${source} into ${result.file}${
      result.replacedCopy ? ` (the database it replaced is kept as ${result.replacedCopy})` : ''
    }\n`,
  );
}
