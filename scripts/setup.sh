#!/usr/bin/env bash
# One-time (and idempotent) set-up: the project-local Python venv with the
# pinned AWS emulator (moto server) and cfn-lint. Everything else comes from
# crates.io through cargo.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=.venv/.requirements.sha256
want=$(sha256sum scripts/requirements.txt | cut -d' ' -f1)
if [[ ! -x .venv/bin/moto_server || ! -f $stamp || "$(cat "$stamp")" != "$want" ]]; then
  echo "==> Creating .venv with the pinned moto server and cfn-lint (first run only)…"
  python3 -m venv .venv
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r scripts/requirements.txt
  echo "$want" > "$stamp"
  echo "==> Python tooling ready."
fi

# The portal's browser tests drive Debian's Chromium (never a browser
# downloaded by a test tool). Node.js and npm come with the machine.
if [[ ! -x /usr/bin/chromium ]]; then
  if [[ $(id -u) -eq 0 ]]; then
    echo "==> Installing Debian's Chromium for the portal's browser tests (first run only)…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q chromium >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }
  else
    echo "note: the portal's browser tests need Debian's Chromium: sudo apt-get install chromium" >&2
  fi
fi
