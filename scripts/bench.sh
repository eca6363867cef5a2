#!/usr/bin/env bash
# The performance benchmark (not part of scripts/test.sh): builds every
# function and the hello-world yardstick with cargo-lambda (release profile,
# x86_64, stripped), starts its own emulator, runs the integration suite
# once to count AWS calls per operation, then runs `sesame-bench`: cold
# starts against a local Lambda Runtime API, warm cost, calls, sizes,
# memory and scale. Prints one table; writes target/bench/bench.json (and
# bench.md).
#
#   scripts/bench.sh                       # everything
#   SESAME_BENCH_FUNCTIONS=me,sign_in scripts/bench.sh --repeats 3
#   SESAME_BENCH_SUITE=0 scripts/bench.sh  # skip the integration suite
#   scripts/bench.sh --baseline DIR        # also run DIR/<function> (an older build)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [[ ! -x .venv/bin/cargo-lambda ]]; then
  echo "==> Installing cargo-lambda into .venv…"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "cargo-lambda==1.9.2"
fi
export PATH="$PWD/.venv/bin:$PATH"
mkdir -p .local target/bench

bins=(--bin hello)
only=()
if [[ -n "${SESAME_BENCH_FUNCTIONS:-}" ]]; then
  IFS=, read -r -a chosen <<< "$SESAME_BENCH_FUNCTIONS"
  for f in "${chosen[@]}"; do bins+=(--bin "$f"); done
  only=(--only "$SESAME_BENCH_FUNCTIONS")
else
  for dir in functions/*/; do bins+=(--bin "$(basename "$dir")"); done
fi
echo "==> cargo lambda build --release --x86-64 (${#bins[@]} binaries)"
start=$(date +%s)
cargo lambda build --release --x86-64 --compiler cargo "${bins[@]}"
echo "    built in $(( $(date +%s) - start )) s"

source scripts/emulator.sh
start_emulator bench

report=()
if [[ "${SESAME_BENCH_SUITE:-1}" != 0 ]]; then
  echo "==> Integration suite, counting AWS calls per operation"
  rm -f target/bench/calls.jsonl
  SESAME_CALLS_REPORT="$PWD/target/bench/calls.jsonl" cargo test --locked -p sesame-tests --test it -q
  report=(--calls-report target/bench/calls.jsonl)
fi

echo "==> sesame-bench"
cargo build --locked --release --target x86_64-unknown-linux-gnu -p sesame-tests --bin sesame-bench
target/x86_64-unknown-linux-gnu/release/sesame-bench "${only[@]}" "${report[@]}" "$@"
