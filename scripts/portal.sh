#!/usr/bin/env bash
# The browser portal (portal/): `deps` installs its npm packages (`npm ci`)
# when package.json or the lock changed, `build` generates the typed API
# client from the Rust registry's OpenAPI document, type-checks and builds
# portal/dist (which the local runner serves), `check` adds eslint,
# prettier --check, the import-cycle check and the unit tests, `e2e` runs
# the browser tests in Debian's Chromium against a local runner.
# SESAME_LOCAL_BIN names a runner already built, for the OpenAPI document
# and the browser tests alike.
set -euo pipefail
cd "$(dirname "$0")/.."
deps() {
  local stamp=portal/node_modules/.sesame-lock.sha256
  local want
  want=$(sha256sum portal/package.json portal/package-lock.json | sha256sum | cut -d' ' -f1)
  if [[ ! -f $stamp || "$(cat "$stamp")" != "$want" ]]; then
    # `npm ci` installs exactly the committed lock and never writes it; it
    # refuses a lock out of step with package.json. The lock lists every
    # platform's optional binaries (rollup's, esbuild's) with their os/cpu,
    # and npm fetches only this platform's: a registry that lacks another
    # platform's binary does not stop the install here.
    echo "==> npm ci (portal, from package-lock.json)"
    (cd portal && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" > "$stamp"
  fi
}
schema() {
  mkdir -p .local
  # SESAME_LOCAL_BIN names a runner already built (as for `e2e`): no cargo step.
  local bin=${SESAME_LOCAL_BIN:-}
  if [[ -z $bin ]]; then
    cargo build --quiet -p sesame-tests --bin sesame-local "${CARGO_LOCKED[@]}"
    bin="${CARGO_TARGET_DIR:-target}/debug/sesame-local"
  fi
  "$bin" openapi .local/openapi.json
  (cd portal && SESAME_OPENAPI=../.local/openapi.json node scripts/schema.mjs)
}
CARGO_LOCKED=()
[[ "${SESAME_LOCKED:-}" == 1 ]] && CARGO_LOCKED=(--locked)
case "${1:-build}" in
  deps) deps ;;
  build)
    deps; schema
    echo "==> portal: tsc --noEmit, vite build"
    (cd portal && npx tsc --noEmit && npx vite build --logLevel warn)
    ;;
  check)
    deps; schema
    # Both fail the check on any finding (src/api/schema.d.ts, generated, is ignored by both).
    echo "==> portal: eslint"
    (cd portal && npx eslint --max-warnings 0 .)
    echo "==> portal: prettier --check"
    (cd portal && npx prettier --check --log-level warn .)
    echo "==> portal: import cycles in src/"
    (cd portal && node scripts/cycles.mjs)
    echo "==> portal: tsc --noEmit"
    (cd portal && npx tsc --noEmit)
    echo "==> portal: vitest"
    (cd portal && npx vitest run)
    echo "==> portal: vite build"
    (cd portal && npx vite build --logLevel warn)
    ;;
  e2e)
    if [[ ! -x /usr/bin/chromium ]]; then
      echo "Debian's Chromium is missing: run scripts/setup.sh as root (apt-get install chromium)" >&2
      exit 1
    fi
    echo "==> portal: end-to-end tests in headless Chromium (screenshots in portal/e2e/artifacts/<test file>/)"
    # The runner the browser tests start: the one cargo built. It serves
    # this checkout's portal/dist (a runner built elsewhere would otherwise
    # serve the portal of the checkout it was built in).
    bins="${CARGO_TARGET_DIR:-target}"
    [[ $bins == /* ]] || bins="$PWD/$bins"
    (cd portal && SESAME_LOCAL_BIN="${SESAME_LOCAL_BIN:-$bins/debug/sesame-local}" \
      SESAME_PORTAL_DIR="${SESAME_PORTAL_DIR:-$PWD/dist}" npm run --silent e2e)
    ;;
  *) echo "usage: scripts/portal.sh deps|build|check|e2e" >&2; exit 2 ;;
esac
