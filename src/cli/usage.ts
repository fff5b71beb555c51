// What each command takes, once: `prizewheel --help` lists every line, `prizewheel <command> --help`
// prints its own lines (and a usage error names them).

/** Per command, its usage lines: the command with its arguments, then what it does. */
export const COMMAND_USAGE: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  serve: [
    [
      'serve',
      'run the server (settings from the environment: PORT, HOST, PUBLIC_URL, DATA_DIR, DATABASE_URL, ADMIN_PASSWORD, LOG_LEVEL; see the README)',
    ],
  ],
  validate: [
    [
      'validate FILE [--json] [--entries]',
      'check a participant list (exit 0 valid, 1 row errors, 2 file rejected)',
    ],
  ],
  import: [
    [
      'import FILE [--wheel SLUG] [--publish] [--json]',
      "replace a wheel's draft when the list is valid, optionally publish",
    ],
  ],
  verify: [['verify', 're-check every snapshot checksum and the audit chain (exit 1 on damage)']],
  'verify-draws': [
    [
      'verify-draws --wheel SLUG [--url URL]',
      'recompute every verifiable draw from the published seeds (exit 0 verified, 1 failed, 3 only pending reveal)',
    ],
  ],
  'verify-certificate': [
    [
      'verify-certificate FILE [--key PUBKEY] [--url URL | --db]',
      "check a draw certificate (JSON or PDF): its signature (offline with --key), and against the public data (--url) or this server's database (--db: also the full-name checksum and the audit head) (exit 1 unless valid)",
    ],
  ],
  verification: [
    [
      'verification witness --wheel SLUG TEXT',
      "record the open epoch's witness entropy (once, before its first draw)",
    ],
  ],
  backup: [
    [
      'backup FILE',
      'consistent online backup of the database (SQLite backup API; pg_dump -Fc for PostgreSQL)',
    ],
  ],
  restore: [
    [
      'restore FILE',
      'replace the database with a backup (server stopped), then verify it (exit 1 damage, 2 refused: nothing changed)',
    ],
  ],
  user: [
    [
      'user add NAME --role admin|presenter [--wheel SLUG]... [--password-stdin]',
      'add a user (password generated and printed once unless on stdin); a presenter spins the --wheel wheels',
    ],
    [
      'user wheels NAME [--wheel SLUG]...',
      'set the wheels a presenter account may spin (none without --wheel)',
    ],
    ['user passwd NAME [--password-stdin]', 'change a password (signs the user out everywhere)'],
    ['user remove NAME', 'remove a user, its sessions and API tokens'],
  ],
  token: [
    ['token create NAME --user U', 'an API token for Authorization: Bearer (printed once)'],
    ['token revoke NAME', 'revoke the API tokens with this name'],
  ],
};

const COLUMN = 48;

function formatLines(lines: readonly (readonly [string, string])[]): string {
  return lines
    .map(([synopsis, what]) =>
      synopsis.length < COLUMN ? `  ${synopsis.padEnd(COLUMN)}${what}\n` : `  ${synopsis}   ${what}\n`,
    )
    .join('');
}

/** `prizewheel --help`: every command. */
export function fullUsage(): string {
  return `Usage: prizewheel <command> [--help]\n\n${formatLines(Object.values(COMMAND_USAGE).flat())}`;
}

/** `prizewheel <command> --help`: that command's lines only. */
export function commandUsage(name: string): string {
  const lines = COMMAND_USAGE[name];
  if (!lines) return fullUsage();
  return `Usage:\n${formatLines(lines.map(([synopsis, what]) => [`prizewheel ${synopsis}`, what] as const))}`;
}

/** Whether the arguments ask for help: `--help` or `-h` before any `--`. */
export function asksForHelp(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}
