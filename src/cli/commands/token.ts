// prizewheel token create NAME --user U | revoke NAME — API tokens for `Authorization: Bearer`.
// The token is printed once; the database keeps only its SHA-256.
import { generateToken, hashToken } from '../../server/services/secrets.ts';
import { EXIT_OK, parseCommandArgs, UsageError } from './shared.ts';
import { CLI_ACTOR, withStore } from './user.ts';

const TOKEN_NAME_PATTERN = /^[A-Za-z0-9._@ -]{1,100}$/;

export async function tokenCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { user: { type: 'string' } });
  const [action, name, ...rest] = positionals;
  if (!action || !name || rest.length > 0)
    throw new UsageError('token create NAME --user U | token revoke NAME');
  if (!TOKEN_NAME_PATTERN.test(name))
    throw new UsageError('a token name is 1-100 letters, digits, spaces or . _ @ -');

  if (action === 'create') {
    const username = values.user;
    if (!username) throw new UsageError('token create needs --user U');
    return withStore(async (store) => {
      if (!(await store.findUser(username))) throw new Error(`no user named ${username}`);
      const token = generateToken();
      await store.createApiToken(
        { tokenHash: hashToken(token), username, name },
        { actor: CLI_ACTOR, action: 'create_token', wheel: null, details: { name, username } },
      );
      process.stdout.write(`Token ${name} for ${username} (shown once): ${token}\n`);
      return EXIT_OK;
    });
  }
  if (values.user !== undefined) throw new UsageError('--user goes with token create');
  if (action === 'revoke') {
    return withStore(async (store) => {
      const revoked = await store.deleteApiTokens(name, {
        actor: CLI_ACTOR,
        action: 'revoke_token',
        wheel: null,
        details: { name },
      });
      if (revoked === 0) throw new Error(`no token named ${name}`);
      process.stdout.write(`Revoked ${revoked} token(s) named ${name}.\n`);
      return EXIT_OK;
    });
  }
  throw new UsageError(`unknown token action ${action}: use create or revoke`);
}
