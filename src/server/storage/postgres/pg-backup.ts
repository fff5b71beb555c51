// Backups of the PostgreSQL database with PostgreSQL's own tools: `pg_dump -Fc`, and for a
// restore `pg_restore --clean --if-exists` as a script that psql runs in one transaction (a failed
// restore changes nothing).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { BackupError, PRIZEWHEEL_TABLES } from '../backup-error.ts';
import { compareMigrations, MIGRATED_TABLES } from '../migrations/index.ts';

/** Debian's per-version folders, searched when the tools are not on PATH. */
const POSTGRES_LIB_DIR = '/usr/lib/postgresql';
const TOOL_OUTPUT_MAX_BYTES = 64 * 1024 * 1024;

type PostgresTool = 'pg_dump' | 'pg_restore' | 'psql';

interface ToolRun {
  stdout: string;
  stderr: string;
}

/** A connection URL without its password, and the password apart (kept out of `ps`). */
function splitPassword(databaseUrl: string): { url: string; password: string | null } {
  const url = new URL(databaseUrl);
  const password = url.password === '' ? null : decodeURIComponent(url.password);
  url.password = '';
  return { url: url.toString(), password };
}

function runTool(file: string, args: string[], password: string | null = null): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        maxBuffer: TOOL_OUTPUT_MAX_BYTES,
        // NOTE: the child needs the parent's environment (PATH, PGSSLMODE…); the password goes in
        // PGPASSWORD, never on the command line.
        ...(password === null ? {} : { env: { ...process.env, PGPASSWORD: password } }),
      },
      (error, stdout, stderr) => {
        if (error) reject(Object.assign(error, { stdout, stderr }));
        else resolve({ stdout, stderr });
      },
    );
  });
}

/** The tool on PATH, else the newest in /usr/lib/postgresql/N/bin; BackupError tool_missing when absent. */
export async function findPostgresTool(name: PostgresTool): Promise<string> {
  try {
    await runTool(name, ['--version']);
    return name;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const versions = existsSync(POSTGRES_LIB_DIR)
    ? readdirSync(POSTGRES_LIB_DIR)
        .filter((entry) => /^\d+$/.test(entry))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const version of versions) {
    const candidate = join(POSTGRES_LIB_DIR, version, 'bin', name);
    if (existsSync(candidate)) return candidate;
  }
  throw new BackupError(
    'tool_missing',
    `${name} was not found on PATH nor in ${POSTGRES_LIB_DIR}/*/bin; install the PostgreSQL client tools (Debian: apt-get install postgresql-client-15)`,
  );
}

/** `pg_dump -Fc` into `destination` (written under a temporary name, renamed when complete). */
export async function dumpPostgres(databaseUrl: string, destination: string): Promise<void> {
  if (existsSync(destination))
    throw new BackupError('file_exists', `${destination} already exists; choose a new file name`);
  const pgDump = await findPostgresTool('pg_dump');
  const { url, password } = splitPassword(databaseUrl);
  const partial = `${destination}.partial`;
  try {
    await runTool(pgDump, ['--format=custom', `--file=${partial}`, `--dbname=${url}`], password);
    renameSync(partial, destination);
  } catch (error) {
    rmSync(partial, { force: true });
    throw toolFailure('pg_dump', error);
  }
}

/**
 * Throws BackupError unless `file` is a pg_dump custom-format archive of a prizewheel database
 * whose migrations this release knows. Answers the tables it holds.
 */
export async function inspectPostgresBackup(file: string): Promise<Set<string>> {
  if (!existsSync(file)) throw new BackupError('not_a_backup', `${file}: no such file`);
  const pgRestore = await findPostgresTool('pg_restore');
  let listing: string;
  try {
    listing = (await runTool(pgRestore, ['--list', file])).stdout;
  } catch (error) {
    throw new BackupError(
      'not_a_backup',
      `${file} is not a PostgreSQL backup made by prizewheel backup (pg_dump -Fc): ${stderrOf(error)}`,
    );
  }
  // Lines like `215; 1259 16390 TABLE public snapshots postgres`.
  const tables = new Set([...listing.matchAll(/\bTABLE \S+ (\S+)/g)].map((match) => match[1]!));
  const absent = PRIZEWHEEL_TABLES.filter((table) => !tables.has(table));
  if (absent.length > 0)
    throw new BackupError(
      'not_a_backup',
      `${file} is a PostgreSQL backup but not of a prizewheel database (no table ${absent.join(', ')})`,
    );
  let data: string;
  try {
    data = (await runTool(pgRestore, ['--data-only', '--table=kysely_migration', '--file=-', file])).stdout;
  } catch (error) {
    throw new BackupError('backup_damaged', `${file}: its migration list cannot be read: ${stderrOf(error)}`);
  }
  // The COPY block: one tab-separated row per applied migration, ended by `\.`.
  const copy = /^COPY \S*kysely_migration \(([^)]*)\) FROM stdin;\n([\s\S]*?)^\\\.$/m.exec(data);
  const nameColumn =
    copy?.[1]
      ?.split(',')
      .map((column) => column.trim())
      .indexOf('name') ?? -1;
  if (!copy || nameColumn < 0)
    throw new BackupError('backup_damaged', `${file}: no migration list in the backup`);
  const applied = (copy[2] ?? '')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t')[nameColumn] ?? '');
  const { unknown } = compareMigrations(applied);
  if (unknown.length > 0)
    throw new BackupError(
      'backup_from_newer_release',
      `${file} was taken by a newer release (migrations ${unknown.join(', ')}); restore it with that release`,
    );
  return tables;
}

/** Other sessions on the database (servers, consoles): a restore drops the tables they use. */
export async function listOtherConnections(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ application_name: string; client_addr: string | null }>(
      `SELECT application_name, client_addr::text AS client_addr FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    );
    return result.rows.map(
      (row) => `${row.application_name || 'unnamed client'} from ${row.client_addr ?? 'a local socket'}`,
    );
  } finally {
    await client.end();
  }
}

/** The prizewheel tables the database has now. */
async function listPrizewheelTables(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
    );
    return result.rows.map((row) => row.name).filter((name) => MIGRATED_TABLES.includes(name));
  } finally {
    await client.end();
  }
}

/**
 * Replaces the database with a checked backup: `pg_restore --clean --if-exists` (as a script),
 * run by psql in one transaction. Refuses (BackupError database_in_use) while anything else is
 * connected to it.
 */
export async function restorePostgresBackup(databaseUrl: string, file: string): Promise<void> {
  const backupTables = await inspectPostgresBackup(file);
  const others = await listOtherConnections(databaseUrl);
  if (others.length > 0)
    throw new BackupError(
      'database_in_use',
      `the database has ${others.length} other connection(s) (${others.join('; ')}): stop the servers, then restore`,
    );
  // NOTE: --clean drops only what the backup holds. A table made by a later migration than the
  // backup's (a backup from before an upgrade) would stay with rows of another history, and the
  // restored migration list would have the next start create it again and fail: it goes too.
  const newer = (await listPrizewheelTables(databaseUrl)).filter((table) => !backupTables.has(table));
  const pgRestore = await findPostgresTool('pg_restore');
  // psql of the same installation: it must understand the meta-commands its pg_restore writes.
  const besideRestore = join(dirname(pgRestore), 'psql');
  const psql =
    pgRestore.includes('/') && existsSync(besideRestore) ? besideRestore : await findPostgresTool('psql');
  const { url, password } = splitPassword(databaseUrl);
  // The script holds the whole database: a folder only this user can read, removed afterwards.
  const folder = mkdtempSync(join(tmpdir(), 'prizewheel-restore-'));
  const script = join(folder, 'restore.sql');
  try {
    try {
      // The backup's owner and grants need not exist here: the connecting role owns what it restores.
      await runTool(pgRestore, [
        '--clean',
        '--if-exists',
        '--no-owner',
        '--no-acl',
        `--file=${script}`,
        file,
      ]);
    } catch (error) {
      throw toolFailure('pg_restore', error);
    }
    const dropNewer =
      newer.length === 0
        ? []
        : [
            '--command',
            `DROP TABLE IF EXISTS ${newer.map((table) => pg.escapeIdentifier(table)).join(', ')}`,
          ];
    try {
      // --single-transaction wraps every --command and --file in one transaction; on an error
      // (ON_ERROR_STOP) psql rolls it back.
      await runTool(
        psql,
        [
          '--no-psqlrc',
          '--quiet',
          '--set=ON_ERROR_STOP=1',
          '--single-transaction',
          `--dbname=${url}`,
          ...dropNewer,
          `--file=${script}`,
        ],
        password,
      );
    } catch (error) {
      throw toolFailure('psql', error);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function stderrOf(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr?.trim();
  return stderr || (error instanceof Error ? error.message : String(error));
}

function toolFailure(tool: PostgresTool, error: unknown): Error {
  if (error instanceof BackupError) return error;
  return new BackupError('tool_failed', `${tool} failed: ${stderrOf(error)}`);
}
