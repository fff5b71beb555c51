// prizewheel backup FILE — a consistent online copy of the SQLite database (safe while serving).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readConfigFromProcess } from '../../server/config.ts';
import { openSqliteStore } from '../../server/storage/sqlite/open-sqlite-store.ts';
import { EXIT_OK, parseCommandArgs, UsageError } from './shared.ts';

export async function backupCommand(args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs(args, {});
  const [path, ...rest] = positionals;
  if (!path || rest.length > 0) throw new UsageError('backup takes exactly one FILE');
  const config = readConfigFromProcess();
  if (config.databaseUrl !== undefined)
    throw new Error('backup copies the SQLite database; for PostgreSQL use pg_dump');
  const destination = resolve(path);
  if (existsSync(destination)) throw new Error(`${destination} already exists; choose a new file name`);
  const store = await openSqliteStore(config.dataDir);
  try {
    await store.backup(destination);
    process.stdout.write(`Backed up ${store.file} to ${destination}\n`);
    return EXIT_OK;
  } finally {
    await store.close();
  }
}
