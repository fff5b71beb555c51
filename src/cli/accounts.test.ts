// `prizewheel user …` and `prizewheel token …` as users run them, in a child process.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NEW_WHEEL_SETTINGS } from '../core/index.ts';
import { hashToken, verifyPassword } from '../server/services/secrets.ts';
import { openSqliteStore } from '../server/storage/sqlite/open-sqlite-store.ts';
import { makeTempDir } from '../server/test-support/test-app.ts';

const BIN = resolve(import.meta.dirname, '../../bin/prizewheel.js');
const CLI_TEST_TIMEOUT_MS = 180_000;

let dir: string;
beforeEach(() => {
  dir = makeTempDir('prizewheel-cli-accounts-');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => done({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

async function inspect<T>(
  use: (store: Awaited<ReturnType<typeof openSqliteStore>>) => Promise<T>,
): Promise<T> {
  const store = await openSqliteStore(join(dir, 'data'));
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

describe('prizewheel user and token', () => {
  it(
    'adds, re-passwords and removes users; creates and revokes tokens (stored hashed, shown once)',
    { timeout: CLI_TEST_TIMEOUT_MS },
    async () => {
      const added = await run(
        ['user', 'add', 'stage', '--role', 'presenter', '--password-stdin'],
        'a long stage password\n',
      );
      expect(added).toMatchObject({ code: 0 });
      expect(added.stdout).not.toContain('a long stage password');
      const generated = await run(['user', 'add', 'boss', '--role', 'admin']);
      expect(generated.code).toBe(0);
      const bossPassword = /Password \(shown once\): (\S+)/.exec(generated.stdout)?.[1];
      expect(bossPassword).toBeDefined();
      expect((await run(['user', 'add', 'x', '--role', 'root'])).code).toBe(2);

      const token = await run(['token', 'create', 'ci', '--user', 'boss']);
      expect(token.code).toBe(0);
      const tokenValue = /\(shown once\): (\S+)/.exec(token.stdout)?.[1] ?? '';
      await inspect(async (store) => {
        expect(await store.findUser('stage')).toMatchObject({ role: 'presenter' });
        expect(
          await verifyPassword('a long stage password', (await store.findUser('stage'))!.passwordHash),
        ).toBe(true);
        expect(await verifyPassword(bossPassword!, (await store.findUser('boss'))!.passwordHash)).toBe(true);
        expect(await store.findApiTokenUser(hashToken(tokenValue))).toEqual({
          username: 'boss',
          role: 'admin',
        });
        const stored = JSON.stringify(await store.listAuditEvents());
        expect(stored).not.toContain(tokenValue);
        expect(stored).not.toContain(bossPassword);
      });

      expect((await run(['token', 'revoke', 'ci'])).code).toBe(0);
      expect((await run(['token', 'revoke', 'ci'])).code).toBe(1);
      expect(
        (await run(['user', 'passwd', 'stage', '--password-stdin'], 'another long password\n')).code,
      ).toBe(0);
      expect((await run(['user', 'remove', 'boss'])).code).toBe(1); // the last admin stays
      expect((await run(['user', 'remove', 'stage'])).code).toBe(0);
      await inspect(async (store) => {
        expect(await store.findApiTokenUser(hashToken(tokenValue))).toBeNull();
        expect(await store.findUser('stage')).toBeNull();
        expect(await store.findUser('boss')).not.toBeNull();
        const actions = (await store.listAuditEvents()).map((event) => event.action);
        expect(actions).toEqual(
          expect.arrayContaining([
            'create_user',
            'create_token',
            'revoke_token',
            'change_password',
            'remove_user',
          ]),
        );
      });
    },
  );

  it(
    'grants a presenter account wheels (user add --wheel, user wheels) and refuses an unknown wheel',
    { timeout: CLI_TEST_TIMEOUT_MS },
    async () => {
      await inspect((store) =>
        store.createWheel(
          { slug: 'gala', title: 'Gala', settings: NEW_WHEEL_SETTINGS },
          { actor: 'test', action: 'create_wheel', wheel: 'gala', details: {} },
        ),
      );
      const added = await run(['user', 'add', 'stage', '--role', 'presenter', '--wheel', 'gala']);
      expect(added.code).toBe(0);
      expect(added.stdout).toContain('May spin: gala.');
      expect(await inspect((store) => store.listPresenterWheels('stage'))).toEqual(['gala']);

      const unknown = await run(['user', 'wheels', 'stage', '--wheel', 'gala', '--wheel', 'nope']);
      expect(unknown.code).not.toBe(0);
      expect(unknown.stderr).toContain('nope');
      expect(await inspect((store) => store.listPresenterWheels('stage'))).toEqual(['gala']);

      expect((await run(['user', 'wheels', 'stage'])).code).toBe(0);
      expect(await inspect((store) => store.listPresenterWheels('stage'))).toEqual([]);
    },
  );
});
