// The `prizewheel` command line (contract: "Command line"). Each command lives in commands/;
// `main` returns the exit status instead of exiting, so tests and bin/ decide what to do with it.
import { EXIT_USAGE, UsageError } from './commands/shared.ts';
import { toTerminalText } from './terminal-text.ts';

type Command = (args: string[]) => Promise<number>;

// Loaded on demand: `validate` need not load the server, and every command starts faster.
const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./commands/serve.ts')).serveCommand,
  validate: async () => (await import('./commands/validate.ts')).validateCommand,
  import: async () => (await import('./commands/import.ts')).importCommand,
  verify: async () => (await import('./commands/verify.ts')).verifyCommand,
  'verify-draws': async () => (await import('./commands/verify-draws.ts')).verifyDrawsCommand,
  verification: async () => (await import('./commands/verification.ts')).verificationCommand,
  backup: async () => (await import('./commands/backup.ts')).backupCommand,
  restore: async () => (await import('./commands/restore.ts')).restoreCommand,
  user: async () => (await import('./commands/user.ts')).userCommand,
  token: async () => (await import('./commands/token.ts')).tokenCommand,
};

const USAGE = `Usage: prizewheel <command>

  serve                                          run the server
  validate FILE [--json] [--entries]             check a participant list (exit 0 valid, 1 row errors, 2 file rejected)
  import FILE [--wheel SLUG] [--publish] [--json] replace a wheel's draft when the list is valid, optionally publish
  verify                                         re-check every snapshot checksum and the audit chain (exit 1 on damage)
  verify-draws --wheel SLUG [--url URL]          recompute every verifiable draw from the published seeds (exit 1 failed, 3 pending reveal)
  verification witness --wheel SLUG TEXT         record the open epoch's witness entropy (once, before its first draw)
  backup FILE                                    consistent online backup of the database (SQLite backup API; pg_dump -Fc for PostgreSQL)
  restore FILE                                   replace the database with a backup (server stopped), then verify it (exit 1 damage, 2 refused: nothing changed)
  user add NAME --role admin|presenter [--password-stdin]   add a user (password generated and printed once unless on stdin)
  user passwd NAME [--password-stdin]            change a password (signs the user out everywhere)
  user remove NAME                               remove a user, its sessions and API tokens
  token create NAME --user U                     an API token for Authorization: Bearer (printed once)
  token revoke NAME                              revoke the API tokens with this name
`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name === undefined ? EXIT_USAGE : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`prizewheel: unknown command ${toTerminalText(name)}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  try {
    const command = await load();
    return await command(args);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`prizewheel ${name}: ${toTerminalText(error.message)}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    process.stderr.write(
      `prizewheel ${name}: ${toTerminalText(error instanceof Error ? error.message : String(error))}\n`,
    );
    return 1;
  }
}
