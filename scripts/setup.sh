#!/usr/bin/env bash
# One-time (and idempotent) set-up: the project-local Python venv with the
# pinned AWS emulator (moto server) and cfn-lint. Everything else comes from
# crates.io through cargo.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=.venv/.requirements.sha256
want=$(sha256sum scripts/requirements.txt | cut -d' ' -f1)
if [[ -x .venv/bin/moto_server && -f $stamp && "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi
echo "==> Creating .venv with the pinned moto server and cfn-lint (first run only)…"
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r scripts/requirements.txt
echo "$want" > "$stamp"
echo "==> Python tooling ready."
