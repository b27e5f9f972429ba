#!/usr/bin/env bash
# End-to-end tests of the dashboard (issue 8): headless Debian Chromium driven by playwright-core
# against `dyad serve` on loopback. Installs what they need, builds the binary, runs `npm test`.
#   tools/e2e.sh            (from anywhere; CI calls it from .ci/run)
# Screenshots: crates/dyad-server/web/e2e/artifacts/*.png
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
web="$root/crates/dyad-server/web"

if [ ! -x /usr/bin/chromium ]; then
  echo "e2e: installing Debian's chromium" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi

cd "$web"
# Only playwright-core is needed to run the tests, but `npm ci` installs the lock exactly, so the
# build check below uses the same Vite as the committed assets. playwright-core downloads no
# browser; the tests use /usr/bin/chromium.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  nice -n 19 npm ci --no-audit --no-fund --loglevel=error
fi

# The committed dashboard must be what the sources build (fixed names, no hashes, reproducible).
if [ "${E2E_CHECK_ASSETS:-1}" = 1 ]; then
  before="$(cd "$root/crates/dyad-server/assets" && find . -type f -print0 | sort -z | xargs -0 sha256sum)"
  nice -n 19 npm run build --silent >/dev/null
  after="$(cd "$root/crates/dyad-server/assets" && find . -type f -print0 | sort -z | xargs -0 sha256sum)"
  if [ "$before" != "$after" ]; then
    echo "e2e: crates/dyad-server/assets/ is stale: run \`npm run build\` in crates/dyad-server/web and commit it" >&2
    diff <(echo "$before") <(echo "$after") >&2 || true
    exit 1
  fi
fi

(cd "$root" && cargo build -p dyad-cli)
export DYAD_BIN="${DYAD_BIN:-$root/target/debug/dyad}"
npm test
