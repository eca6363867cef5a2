#!/usr/bin/env bash
# Builds every function for Lambda with cargo-lambda (installed from PyPI
# into .venv). These machines only have the x86_64 Rust target, so this
# builds x86_64 binaries; an arm64 deployment is built by `sam build` on a
# machine with the aarch64 target (the template's Architecture parameter).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [[ ! -x .venv/bin/cargo-lambda ]]; then
  echo "==> Installing cargo-lambda into .venv…"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "cargo-lambda==1.9.2"
fi
export PATH="$PWD/.venv/bin:$PATH"
bins=()
for dir in functions/*/; do bins+=(--bin "$(basename "$dir")"); done
cargo lambda build --release --x86-64 --compiler cargo "${bins[@]}"
echo "==> Built into target/lambda/<function>/bootstrap:"
ls -la target/lambda/*/bootstrap
