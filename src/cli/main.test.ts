// The command as users run it: `node bin/prizewheel.js …` in a child process with its own DATA_DIR.
import { execFile, spawn } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteFileIn } from '../server/storage/sqlite/open-sqlite-store.ts';
import { makeTempDir } from '../server/test-support/test-app.ts';

const BIN = resolve(import.meta.dirname, '../../bin/prizewheel.js');
// Each run starts Node and tsx; on a busy 2-core machine a few runs take many seconds.
const CLI_TEST_TIMEOUT_MS = 120_000;

let dir: string;
beforeEach(() => {
  dir = makeTempDir('prizewheel-cli-');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        env: {
          ...process.env,
          DATA_DIR: join(dir, 'data'),
          ADMIN_PASSWORD: 'cli-test-password',
          LOG_LEVEL: 'silent',
        },
      },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function writeList(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('prizewheel validate', () => {
  it(
    'prints no terminal control characters from the list, in the report or in --json',
    { timeout: CLI_TEST_TIMEOUT_MS },
    async () => {
      const evilTicket = 'T\u001b[2J1';
      const list = writeList('evil.csv', `ticket,name\n${evilTicket},Ana\u009b31m\n${evilTicket},Bob\n`);
      // eslint-disable-next-line no-control-regex -- looking for control characters
      const controls = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
      const text = await run(['validate', list]);
      expect(text.code).toBe(1);
      expect(text.stdout).toContain('T1');
      expect(text.stdout.replace(/[\t\n]/g, '')).not.toMatch(controls);
      const json = await run(['validate', list, '--json', '--entries']);
      expect(json.stdout.replace(/[\t\n]/g, '')).not.toMatch(controls);
      const report = JSON.parse(json.stdout);
      expect(report.errors[0].message).toContain(evilTicket); // the data itself, escaped, not altered
      expect(report.accepted[0].name).toBe('Ana\u009b31m');
    },
  );

  it(
    'exits 0 for a valid list, 1 for row errors, 2 for a rejected file; --json prints one report',
    { timeout: CLI_TEST_TIMEOUT_MS },
    async () => {
      const valid = await run([
        'validate',
        writeList('ok.csv', 'ticket,name\n1,Ana\n2,Bob\n'),
        '--json',
        '--entries',
      ]);
      expect(valid.code).toBe(0);
      const report = JSON.parse(valid.stdout);
      expect(report).toMatchObject({ ok: true, rows: 2, entries: 2 });
      expect(report.accepted).toEqual([
        { row: 2, ticket: '1', name: 'Ana', weight: 1 },
        { row: 3, ticket: '2', name: 'Bob', weight: 1 },
      ]);

      const rowErrors = await run(['validate', writeList('dup.csv', 'ticket,name\n1,Ana\n1,Bob\n')]);
      expect(rowErrors.code).toBe(1);
      expect(rowErrors.stdout).toContain('Row 3');

      const rejected = await run(['validate', writeList('empty.csv', '')]);
      expect(rejected.code).toBe(2);
    },
  );
  it(
    'prints the distinct persons and the groups of a list that has them',
    { timeout: CLI_TEST_TIMEOUT_MS },
    async () => {
      const list = writeList(
        'staff.csv',
        'ticket,name,email,department\n1,Ana,ana@x.org,Sales\n2,Ana,ANA@x.org,Sales\n3,Bo,,IT\n',
      );
      const text = await run(['validate', list]);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain('2 distinct person(s)');
      expect(text.stdout).toContain('2 group(s): Sales (2), IT (1)');
      const json = JSON.parse((await run(['validate', list, '--json', '--entries'])).stdout);
      expect(json).toMatchObject({
        persons: 2,
        groups: [
          { name: 'Sales', entries: 2 },
          { name: 'IT', entries: 1 },
        ],
      });
      expect(json.accepted[0]).toEqual({
        row: 2,
        ticket: '1',
        name: 'Ana',
        weight: 1,
        person: 'ana@x.org',
        group: 'Sales',
      });
    },
  );
});

describe('prizewheel import, verify, backup', () => {
  it(
    'imports and publishes, verifies an intact database, finds damage, and backs up',
    { timeout: CLI_TEST_TIMEOUT_MS },
    async () => {
      const imported = await run(['import', writeList('ok.csv', 'ticket,name\n1,Ana\n2,Bob\n'), '--publish']);
      expect(imported.code).toBe(0);
      expect(imported.stdout).toContain('Published version 1');

      const intact = await run(['verify']);
      expect(intact.code).toBe(0);

      const backupFile = join(dir, 'backup.sqlite');
      const backup = await run(['backup', backupFile]);
      expect(backup.code).toBe(0);
      expect(existsSync(backupFile)).toBe(true);

      const db = new SqliteDatabase(sqliteFileIn(join(dir, 'data')));
      db.prepare(`UPDATE snapshots SET body = replace(body, 'Ana', 'Eve')`).run();
      db.close();
      const damaged = await run(['verify']);
      expect(damaged.code).toBe(1);
      expect(damaged.stdout).toContain('snapshot default v1');
    },
  );

  it('leaves the draft alone when the list has errors', { timeout: CLI_TEST_TIMEOUT_MS }, async () => {
    const result = await run(['import', writeList('dup.csv', 'ticket,name\n1,Ana\n1,Bob\n'), '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false });
    expect(result.stderr).toContain('not changed');
  });
});

describe('prizewheel serve', () => {
  it(
    'serves until SIGTERM, then closes gracefully with exit status 0; prints the start-up box, JSON logs without a terminal',
    { timeout: CLI_TEST_TIMEOUT_MS },
    async () => {
      const child = spawn(process.execPath, [BIN, 'serve'], {
        env: {
          ...process.env,
          DATA_DIR: join(dir, 'data'),
          ADMIN_PASSWORD: '', // generated, and shown in the box
          LOG_LEVEL: 'info',
          PORT: '0',
        },
      });
      const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
      let output = '';
      const address = await new Promise<string>((found, failed) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          // The box and pino's JSON line, in whichever order they come.
          const match =
            /│ Data: {6}.*│/.test(output) &&
            /"msg":"Server listening at http:\/\/127\.0\.0\.1:\d+"/.test(output) &&
            /Admin: {5}(http:\/\/127\.0\.0\.1:\d+)\/admin/.exec(output);
          if (match && match[1]) found(match[1]);
        });
        child.on('exit', () => failed(new Error(`server exited early: ${output}`)));
      });
      expect(output).toContain('prizewheel is running');
      expect(output).toContain('User:      admin');
      expect(output).toMatch(/Password: {2}\S{16,}/);
      expect(output).toContain(`Data:      ${sqliteFileIn(join(dir, 'data'))}`);
      // No terminal: the JSON log lines stay (the runbook's journald reads them): waited for above.
      const health = await fetch(`${address}/healthz`);
      expect(health.status).toBe(200);
      const snapshot = await fetch(`${address}/api/wheel/snapshot`);
      expect((await snapshot.json()).version).toBe(1);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    },
  );

  it(
    'exits with status 1 (instead of hanging) when it cannot start: port taken, database refused',
    { timeout: CLI_TEST_TIMEOUT_MS },
    async () => {
      const blocker = createServer();
      await new Promise<void>((listening) => blocker.listen(0, '127.0.0.1', listening));
      const port = (blocker.address() as AddressInfo).port;
      try {
        const startFailing = (env: Record<string, string>) =>
          new Promise<{ code: number | null; stderr: string }>((done) => {
            const child = spawn(process.execPath, [BIN, 'serve'], {
              env: {
                ...process.env,
                DATA_DIR: join(dir, 'data'),
                ADMIN_PASSWORD: 'cli-test-password',
                LOG_LEVEL: 'silent',
                ...env,
              },
            });
            let stderr = '';
            child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
            child.on('exit', (code) => done({ code, stderr }));
          });
        const portTaken = await startFailing({ PORT: String(port) });
        expect(portTaken.code).toBe(1);
        expect(portTaken.stderr).toContain('EADDRINUSE');
        const refused = await startFailing({ PORT: '0', DATABASE_URL: `postgres://127.0.0.1:${port}/none` });
        expect(refused.code).toBe(1);
      } finally {
        blocker.close();
      }
    },
  );
});
