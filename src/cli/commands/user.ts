// prizewheel user add NAME --role admin|presenter [--wheel SLUG]… [--password-stdin] | passwd NAME [--password-stdin]
//   | wheels NAME [--wheel SLUG]… | remove NAME
// A presenter account spins only the wheels it is granted (--wheel, repeatable).
// Passwords are read from stdin (never from argv, which other users can see) or generated and printed once.
import { readConfigFromProcess } from '../../server/config.ts';
import { openStore } from '../../server/storage/open-store.ts';
import { generatePassword, hashPassword, PASSWORD_MIN_CHARACTERS } from '../../server/services/secrets.ts';
import type { Role, Store } from '../../server/storage/store.ts';
import { EXIT_OK, parseCommandArgs, UsageError } from './shared.ts';

export const CLI_ACTOR = 'cli';
const USERNAME_PATTERN = /^[A-Za-z0-9._@-]{1,100}$/;
const ROLES: readonly Role[] = ['admin', 'presenter'];

async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (password.length < PASSWORD_MIN_CHARACTERS)
    throw new Error(`the password must have at least ${PASSWORD_MIN_CHARACTERS} characters`);
  return password;
}

/** The password to set: from stdin, or a generated one printed once. */
async function choosePassword(
  fromStdin: boolean | undefined,
): Promise<{ password: string; generated: boolean }> {
  if (fromStdin) return { password: await readPasswordFromStdin(), generated: false };
  return { password: generatePassword(), generated: true };
}

export async function withStore<T>(use: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(readConfigFromProcess());
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

export async function userCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    role: { type: 'string' },
    wheel: { type: 'string', multiple: true },
    'password-stdin': { type: 'boolean' },
  });
  const [action, username, ...rest] = positionals;
  if (!action || !username || rest.length > 0) throw new UsageError('user add|passwd|wheels|remove NAME');
  if (!USERNAME_PATTERN.test(username))
    throw new UsageError('a user name is 1-100 letters, digits, or . _ @ -');
  const audit = (name: string, details: Record<string, unknown> = {}) => ({
    actor: CLI_ACTOR,
    action: name,
    wheel: null,
    details: { username, ...details },
  });

  if (action === 'add') {
    const role = values.role as Role | undefined;
    if (!role || !ROLES.includes(role)) throw new UsageError('user add needs --role admin|presenter');
    const wheels = values.wheel ?? [];
    if (role === 'admin' && wheels.length > 0)
      throw new UsageError('--wheel goes with --role presenter (admins present every wheel)');
    const { password, generated } = await choosePassword(values['password-stdin']);
    const passwordHash = await hashPassword(password);
    return withStore(async (store) => {
      if (await store.findUser(username)) throw new Error(`a user named ${username} already exists`);
      for (const wheel of wheels)
        if (!(await store.getWheel(wheel))) throw new Error(`no wheel named ${wheel}`);
      await store.createUser({ username, role, passwordHash }, audit('create_user', { role }));
      if (role === 'presenter') await store.setPresenterWheels(username, wheels, audit('grant_wheels'));
      process.stdout.write(`Created ${role} ${username}.\n`);
      if (role === 'presenter') process.stdout.write(`${grantedText(wheels)}\n`);
      if (generated) process.stdout.write(`Password (shown once): ${password}\n`);
      return EXIT_OK;
    });
  }
  if (values.role !== undefined) throw new UsageError('--role goes with user add');

  if (action === 'wheels') {
    if (values['password-stdin']) throw new UsageError('--password-stdin goes with add or passwd');
    const wheels = values.wheel ?? [];
    return withStore(async (store) => {
      const granted = await store.setPresenterWheels(username, wheels, audit('grant_wheels'));
      process.stdout.write(`${username}: ${grantedText(granted)}\n`);
      return EXIT_OK;
    });
  }
  if (values.wheel !== undefined) throw new UsageError('--wheel goes with user add or user wheels');

  if (action === 'passwd') {
    const { password, generated } = await choosePassword(values['password-stdin']);
    const passwordHash = await hashPassword(password);
    return withStore(async (store) => {
      if (!(await store.setUserPassword(username, passwordHash, audit('change_password'))))
        throw new Error(`no user named ${username}`);
      process.stdout.write(`Changed the password of ${username}; its sessions are signed out.\n`);
      if (generated) process.stdout.write(`Password (shown once): ${password}\n`);
      return EXIT_OK;
    });
  }

  if (action === 'remove') {
    if (values['password-stdin']) throw new UsageError('--password-stdin goes with add or passwd');
    return withStore(async (store) => {
      const user = await store.findUser(username);
      if (!user) throw new Error(`no user named ${username}`);
      const admins = (await store.listUsers()).filter((candidate) => candidate.role === 'admin');
      if (user.role === 'admin' && admins.length === 1)
        throw new Error(`${username} is the last admin; add another admin first`);
      await store.deleteUser(username, audit('remove_user'));
      process.stdout.write(`Removed ${username}; its sessions and API tokens are revoked.\n`);
      return EXIT_OK;
    });
  }
  throw new UsageError(`unknown user action ${action}: use add, passwd, wheels or remove`);
}

function grantedText(wheels: readonly string[]): string {
  return wheels.length === 0
    ? 'May spin no wheel yet (grant some with: prizewheel user wheels NAME --wheel SLUG).'
    : `May spin: ${wheels.join(', ')}.`;
}
