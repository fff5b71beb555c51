// A throwaway PostgreSQL 15 server for tests: initdb into a temporary folder, pg_ctl on a free
// 127.0.0.1 port, removed afterwards. As root the server runs as the `postgres` OS user
// (PostgreSQL refuses to run as root).
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

export const POSTGRES_BIN_DIR = '/usr/lib/postgresql/15/bin';
const POSTGRES_OS_USER = 'postgres';
const SUPERUSER = 'postgres';
const START_TIMEOUT_S = 60;
const START_ATTEMPTS = 3;
/** Starting and stopping take seconds on a busy machine: the hooks that call them need this. */
export const TEST_POSTGRES_HOOK_TIMEOUT_MS = 120_000;

const execFileAsync = promisify(execFile);

export interface TestPostgresServer {
  /** Connection URL of the `postgres` maintenance database. */
  readonly adminUrl: string;
  readonly port: number;
  /** Creates a database (empty, or a copy of `template`) and returns its URL. */
  createDatabase(options?: { template?: string }): Promise<string>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

export class MissingPostgresError extends Error {
  readonly code = 'postgres_missing';
}

/** Starts a fresh PostgreSQL 15 server. Throws MissingPostgresError when the binaries are absent. */
export async function startTestPostgres(): Promise<TestPostgresServer> {
  const binary = (name: string) => join(POSTGRES_BIN_DIR, name);
  if (!existsSync(binary('initdb')) || !existsSync(binary('pg_ctl'))) {
    throw new MissingPostgresError(
      `PostgreSQL 15 server binaries are missing in ${POSTGRES_BIN_DIR}; run \`node scripts/test-setup.js\` (it installs Debian's postgresql)`,
    );
  }
  const root = mkdtempSync(join(tmpdir(), 'prizewheel-pg-'));
  const dataDir = join(root, 'data');
  const socketDir = join(root, 'socket');
  const logFile = join(root, 'server.log');
  mkdirSync(socketDir);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    chmodSync(root, 0o755);
    chownOsUser(root);
    chownOsUser(socketDir);
  }
  const run = (command: string, args: string[]) => runAsServerUser(binary(command), args, asRoot);
  try {
    await run('initdb', [
      '-D',
      dataDir,
      '-U',
      SUPERUSER,
      '--auth=trust',
      '--no-locale',
      '--encoding=UTF8',
      '--no-sync',
    ]);
    const port = await startOnFreePort(run, { dataDir, socketDir, logFile });
    const adminUrl = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;
    let databaseCount = 0;
    return {
      adminUrl,
      port,
      async createDatabase(options = {}) {
        databaseCount += 1;
        const name = `prizewheel_test_${databaseCount}`;
        const client = new pg.Client({ connectionString: adminUrl });
        await client.connect();
        try {
          const template =
            options.template === undefined ? '' : ` template ${pg.escapeIdentifier(options.template)}`;
          await client.query(`create database ${name}${template}`);
        } finally {
          await client.end();
        }
        return `postgres://${SUPERUSER}@127.0.0.1:${port}/${name}`;
      },
      async stop() {
        try {
          await run('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-w']);
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    rmSync(root, { recursive: true, force: true });
    throw new Error(`could not start the test PostgreSQL server: ${String(error)}\n${log}`, { cause: error });
  }
}

interface ServerPaths {
  dataDir: string;
  socketDir: string;
  logFile: string;
}

type RunCommand = (command: string, args: string[]) => Promise<void>;

// NOTE: a port found free can be taken before the server binds it; a few attempts close that race.
async function startOnFreePort(run: RunCommand, paths: ServerPaths): Promise<number> {
  let lastError: unknown;
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
    const port = await findFreePort();
    const serverOptions = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      `-k ${paths.socketDir}`,
      // Durability is worthless for a database that is deleted after the run; speed is not.
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    try {
      await run('pg_ctl', [
        'start',
        '-D',
        paths.dataDir,
        '-l',
        paths.logFile,
        '-w',
        '-t',
        String(START_TIMEOUT_S),
        '-o',
        serverOptions,
      ]);
      return port;
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function chownOsUser(path: string): void {
  const { uid, gid } = osUserIds(POSTGRES_OS_USER);
  chownSync(path, uid, gid);
}

function osUserIds(name: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${name}:`));
  const fields = line?.split(':');
  if (!fields || fields.length < 4) throw new Error(`no OS user ${name}; PostgreSQL cannot run as root`);
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

async function runAsServerUser(file: string, args: string[], asRoot: boolean): Promise<void> {
  const [command, commandArgs] = asRoot
    ? ['runuser', ['-u', POSTGRES_OS_USER, '--', file, ...args]]
    : [file, args];
  // The server's working directory must be readable by its user.
  await execFileAsync(command, commandArgs, { cwd: '/' });
}
