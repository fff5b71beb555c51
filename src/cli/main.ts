// The `prizewheel` command line (contract: "Command line"). Each command lives in commands/;
// `main` returns the exit status instead of exiting, so tests and bin/ decide what to do with it.
import { EXIT_USAGE, UsageError } from './commands/shared.ts';
import { toTerminalText } from './terminal-text.ts';
import { asksForHelp, commandUsage, fullUsage } from './usage.ts';

type Command = (args: string[]) => Promise<number>;

// Loaded on demand: `validate` need not load the server, and every command starts faster.
const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./commands/serve.ts')).serveCommand,
  validate: async () => (await import('./commands/validate.ts')).validateCommand,
  import: async () => (await import('./commands/import.ts')).importCommand,
  verify: async () => (await import('./commands/verify.ts')).verifyCommand,
  'verify-draws': async () => (await import('./commands/verify-draws.ts')).verifyDrawsCommand,
  'verify-certificate': async () =>
    (await import('./commands/verify-certificate.ts')).verifyCertificateCommand,
  verification: async () => (await import('./commands/verification.ts')).verificationCommand,
  backup: async () => (await import('./commands/backup.ts')).backupCommand,
  restore: async () => (await import('./commands/restore.ts')).restoreCommand,
  user: async () => (await import('./commands/user.ts')).userCommand,
  token: async () => (await import('./commands/token.ts')).tokenCommand,
};

/** The commands `main` runs (each has its usage in usage.ts). */
export const COMMAND_NAMES = Object.keys(COMMANDS);

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === 'help' && args[0] !== undefined && COMMANDS[args[0]]) {
    process.stdout.write(commandUsage(args[0]));
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(fullUsage());
    return name === undefined ? EXIT_USAGE : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`prizewheel: unknown command ${toTerminalText(name)}\n\n${fullUsage()}`);
    return EXIT_USAGE;
  }
  // Answered before the command loads: its own parsing never sees --help.
  if (asksForHelp(args)) {
    process.stdout.write(commandUsage(name));
    return 0;
  }
  try {
    const command = await load();
    return await command(args);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`prizewheel ${name}: ${toTerminalText(error.message)}\n\n${commandUsage(name)}`);
      return EXIT_USAGE;
    }
    process.stderr.write(
      `prizewheel ${name}: ${toTerminalText(error instanceof Error ? error.message : String(error))}\n`,
    );
    return 1;
  }
}
