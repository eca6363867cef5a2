#!/usr/bin/env bash
# The soak (not part of scripts/test.sh): starts its own emulator, a local
# runner with the demo organisation grown to 2,000 members, and drives it
# with a realistic mix of 10,000 requests, 4 at a time (lists, records,
# edits, new users, invitations, the audit log, replacements, /me).
# Prints latency percentiles and the emulator's memory per 1,000 requests,
# then the verdict against the targets (exit 1 when outside them).
#
#   scripts/soak.sh
#   scripts/soak.sh --requests 2000 --members 500 --window 500
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
echo "==> Building the soak driver…"
cargo build --quiet -p sesame-tests --bin sesame-soak
source scripts/emulator.sh
start_emulator soak
"${CARGO_TARGET_DIR:-target}/debug/sesame-soak" "$@"
