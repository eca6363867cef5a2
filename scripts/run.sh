#!/usr/bin/env bash
# Starts the whole product locally: the AWS emulator, provisioning from
# infra/template.yaml, the demo organisation, and the API on
# http://127.0.0.1:${SESAME_PORT:-3000}. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
echo "==> Building the local runner (the first build takes a few minutes)…"
exec cargo run --quiet -p sesame-tests --bin sesame-local
