// prizewheel backup FILE — a consistent online copy of the database, safe while serving:
// SQLite's online backup API, or `pg_dump -Fc` for PostgreSQL. The certificate signing key is
// copied next to it as FILE.signing-key.pem (signing-key-backup.ts).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readConfigFromProcess } from '../../server/config.ts';
import { dumpPostgres } from '../../server/storage/postgres/pg-backup.ts';
import { openSqliteStore } from '../../server/storage/sqlite/open-sqlite-store.ts';
import { EXIT_OK, parseCommandArgs, UsageError } from './shared.ts';
import { backupSigningKey } from './signing-key-backup.ts';

export async function backupCommand(args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs(args, {});
  const [path, ...rest] = positionals;
  if (!path || rest.length > 0) throw new UsageError('backup takes exactly one FILE');
  const config = readConfigFromProcess();
  const destination = resolve(path);
  if (existsSync(destination)) throw new Error(`${destination} already exists; choose a new file name`);
  if (config.databaseUrl !== undefined) {
    await dumpPostgres(config.databaseUrl, destination);
    process.stdout.write(`Backed up the PostgreSQL database to ${destination} (pg_dump -Fc)\n`);
    reportSigningKey(backupSigningKey(config, destination));
    return EXIT_OK;
  }
  const store = await openSqliteStore(config.dataDir);
  try {
    await store.backup(destination);
    process.stdout.write(`Backed up ${store.file} to ${destination}\n`);
    reportSigningKey(backupSigningKey(config, destination));
    return EXIT_OK;
  } finally {
    await store.close();
  }
}

function reportSigningKey(sidecar: string | null): void {
  process.stdout.write(
    sidecar === null
      ? 'No certificate signing key yet (the server creates one on first start): none copied\n'
      : `Copied the certificate signing key to ${sidecar} (keep it as secret as the database)\n`,
  );
}
