#!/usr/bin/env node
// Brings this machine up to what `npm test` needs, so a fresh clone passes with no step done by
// hand: Debian's Chromium for the browser tests, LibreOffice for real-producer spreadsheet
// fixtures, PostgreSQL 15 server binaries for the Postgres store tests. Installs only what is
// missing; does nothing when everything is there.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const needs = [
  { pkg: 'chromium', present: () => existsSync('/usr/bin/chromium') },
  { pkg: 'libreoffice-calc-nogui', present: () => existsSync('/usr/bin/soffice') },
  { pkg: 'postgresql', present: () => existsSync('/usr/lib/postgresql/15/bin/initdb') },
];

const missing = needs.filter((n) => !n.present()).map((n) => n.pkg);
if (missing.length === 0) process.exit(0);

if (process.getuid?.() !== 0) {
  console.error(
    `test setup: missing ${missing.join(', ')}; install them (apt-get install -y ${missing.join(' ')})`,
  );
  process.exit(1);
}
console.log(`test setup: installing ${missing.join(', ')} from Debian's packages`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
