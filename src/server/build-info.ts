// Which software this is, as draw certificates state it: the package version and the build's git
// commit. Read once, on first use. From source and from the build alike this file sits two folders
// below the checkout (see scripts/build-node.js), so package.json is found by the same path.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface BuildInfo {
  version: string;
  /** The checkout's HEAD commit (40 hex); null when the code does not run from a git checkout. */
  commit: string | null;
}

const ROOT = resolve(import.meta.dirname, '../..');
const GIT_TIMEOUT_MS = 2_000;

let cached: BuildInfo | null = null;

export function readBuildInfo(): BuildInfo {
  cached ??= { version: readVersion(), commit: readCommit() };
  return cached;
}

function readVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

function readCommit(): string | null {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: ROOT,
      timeout: GIT_TIMEOUT_MS,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
    return /^[0-9a-f]{40}$/.test(commit) ? commit : null;
  } catch {
    return null;
  }
}
