// The one boxed block `npm start` prints once the server listens: where the admin is (and the LAN
// addresses other machines use), who signs in, the one-time password, and where the data lives.
import { isLoopbackHost } from '../../core/index.ts';
import { hostForUrl, isWildcardHost } from './public-address.ts';

export interface StartupFacts {
  /** HOST as configured and the port the server actually listens on. */
  host: string;
  port: number;
  /** The machine's LAN addresses (shown when listening on every interface). */
  lanAddresses: readonly string[];
  publicUrl: string | undefined;
  username: string;
  /** Only on the start that generated it. */
  generatedPassword: string | undefined;
  /** The SQLite file, or the PostgreSQL URL (its credentials are never shown). */
  data: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
}

/** A PostgreSQL URL without user and password. */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    return parsed.toString();
  } catch {
    return 'PostgreSQL (DATABASE_URL)';
  }
}

/** The banner's lines, without the box. */
export function startupLines(facts: StartupFacts): string[] {
  const local = isWildcardHost(facts.host) ? 'localhost' : hostForUrl(facts.host);
  const lines = ['prizewheel is running', '', `Admin:     http://${local}:${facts.port}/admin`];
  if (isWildcardHost(facts.host)) {
    for (const address of facts.lanAddresses) lines.push(`On LAN:    http://${address}:${facts.port}/admin`);
  } else if (isLoopbackHost(facts.host)) {
    lines.push('           (this machine only; HOST=0.0.0.0 to let screens on the LAN in)');
  }
  if (facts.publicUrl !== undefined) lines.push(`Public:    ${facts.publicUrl}/admin`);
  lines.push(`User:      ${facts.username}`);
  if (facts.generatedPassword !== undefined) {
    lines.push(`Password:  ${facts.generatedPassword}`);
    lines.push('           (shown once: note it now, or later run prizewheel user passwd admin)');
  }
  lines.push(
    facts.data.kind === 'sqlite'
      ? `Data:      ${facts.data.file}`
      : `Data:      PostgreSQL ${withoutCredentials(facts.data.url)}`,
  );
  return lines;
}

/** The lines in a box drawn with box-drawing characters, each line padded to the widest. */
export function boxed(lines: readonly string[]): string {
  const width = Math.max(...lines.map((line) => [...line].length));
  const rule = '─'.repeat(width + 2);
  const body = lines.map((line) => `│ ${line}${' '.repeat(width - [...line].length)} │`);
  return [`┌${rule}┐`, ...body, `└${rule}┘`, ''].join('\n');
}
