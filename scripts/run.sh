#!/usr/bin/env bash
# Starts the whole product locally: the AWS emulator, provisioning from
# infra/template.yaml, the demo organisation, and the API on
# http://127.0.0.1:${SESAME_PORT:-3000} with the browser portal on the same
# origin. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
echo "==> Building the local runner (the first build takes a few minutes)…"
cargo build --quiet -p sesame-tests --bin sesame-local
# The browser portal, served by the runner on the same origin as the API:
# built when missing or older than its sources.
if [[ ! -f portal/dist/index.html || -n "$(find portal/src portal/index.html portal/package-lock.json -newer portal/dist/index.html -print -quit)" ]]; then
  echo "==> Building the portal (npm packages + vite build)…"
  scripts/portal.sh build
fi
exec cargo run --quiet -p sesame-tests --bin sesame-local
