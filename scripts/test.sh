#!/usr/bin/env bash
# Runs every test: checks the Rust formatting and lints (rustfmt, clippy
# with warnings as errors), that the generated files match the registry
# (scripts/generate.sh --check), lints the SAM templates (the parent and its nested stacks), tests the AWS emulator itself
# (tests/emulator), starts its own emulator on a
# free loopback port, runs the unit, contract (in-memory and AWS adapters)
# and end-to-end tests, a bounded schemathesis run, then the portal's checks
# (typecheck, Vitest, build) and its browser tests in headless Chromium
# against a local runner on the same emulator, then stops the emulator.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
mkdir -p .local

echo "==> cargo fmt --check"
cargo fmt --all --check
echo "    formatted"

echo "==> cfn-lint infra/template.yaml and its nested stacks (infra/stacks/*.yaml)"
.venv/bin/cfn-lint infra/template.yaml infra/stacks/*.yaml
echo "    clean"
echo "==> the template transformed offline (SAM translator): resources and size per stack"
.venv/bin/python -m unittest discover -s tests/infra

echo "==> the local emulator: all-or-nothing transactions, cost and memory under use, signals"
.venv/bin/python -m unittest discover -s tests/emulator

echo "==> cargo clippy --workspace --all-targets -D warnings"
cargo clippy --workspace --all-targets --locked --quiet -- -D warnings
echo "    clean"

echo "==> generated files match the registry"
scripts/generate.sh --check

source scripts/emulator.sh
start_emulator test

echo "==> cargo test (unit, contract, end-to-end)"
# Every local runner appends the AWS calls it attributed to each operation.
export SESAME_CALLS_REPORT="$PWD/.local/calls.jsonl"
rm -f "$SESAME_CALLS_REPORT"
cargo test --workspace --locked "$@"

# The whole suite's requests against the call budgets (at most 2 DynamoDB
# reads and 1 write per mutating request, no Scan; tests/src/budget.rs).
if [[ $# -eq 0 ]]; then
  echo "==> AWS calls per operation over the suite, against the budgets and the functions' policies"
  "${CARGO_TARGET_DIR:-target}/debug/sesame-bench" --check-calls "$SESAME_CALLS_REPORT" | tail -2
fi
unset SESAME_CALLS_REPORT

# A bounded schemathesis run against the local runner's /openapi.json (fixed
# seed, a few examples per operation, about a minute); the full run is
# scripts/fuzz.sh. Skipped when cargo test was given a filter.
if [[ $# -eq 0 ]]; then
  echo "==> schemathesis, bounded (scripts/fuzz.sh --quick)"
  scripts/fuzz.sh --quick
fi

echo "==> portal: npm packages, typed client from the OpenAPI document, typecheck, unit tests, build"
SESAME_LOCKED=1 scripts/portal.sh check
SESAME_LOCKED=1 scripts/portal.sh e2e
