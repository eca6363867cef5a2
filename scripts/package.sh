#!/usr/bin/env bash
# Builds every function for Lambda, once, for one architecture, into
# .lambda/<function>/bootstrap, which the nested stacks' functions point at
# (infra/stacks/*.yaml: CodeUri ../../.lambda/<function>) and `sam build`
# (run on the parent, infra/template.yaml) only copies (the `makefile`
# build method: the Makefile written beside each binary). One cargo build of
# the workspace, so shared crates compile once for all functions; sam's
# cache then keys on each binary alone.
#
#   scripts/package.sh            # ARCHITECTURE=arm64 (the template's default)
#   ARCHITECTURE=x86_64 scripts/package.sh
#
# cargo-lambda and its zig linker come from PyPI into .venv; arm64 needs the
# aarch64-unknown-linux-gnu Rust target, added with rustup when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
arch=${ARCHITECTURE:-arm64}
case $arch in
  arm64) flag=--arm64 target=aarch64-unknown-linux-gnu ;;
  x86_64) flag=--x86-64 target=x86_64-unknown-linux-gnu ;;
  *) echo "ARCHITECTURE must be arm64 or x86_64, not '$arch'" >&2; exit 2 ;;
esac
scripts/setup.sh
if [[ ! -x .venv/bin/cargo-lambda ]]; then
  echo "==> Installing cargo-lambda (and its zig linker) into .venv…"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "cargo-lambda==1.9.2"
fi
export PATH="$PWD/.venv/bin:$PATH"
if ! rustup target list --installed | grep -qx "$target"; then
  echo "==> Adding the Rust target $target"
  rustup target add "$target"
fi
bins=()
for dir in functions/*/; do bins+=(--bin "$(basename "$dir")"); done
echo "==> cargo lambda build --release $flag ($((${#bins[@]} / 2)) functions, one build)"
started=$SECONDS
cargo lambda build --release "$flag" --lambda-dir .lambda "${bins[@]}"
echo "==> built in $((SECONDS - started)) s"
for dir in functions/*/; do
  name=$(basename "$dir")
  # sam build runs `make build-<LogicalId>` in a copy of this folder.
  printf 'build-%%:\n\tcp bootstrap "$(ARTIFACTS_DIR)/bootstrap"\n' > ".lambda/$name/Makefile"
done
echo "$arch" > .lambda/ARCHITECTURE
echo "==> .lambda/<function>/bootstrap for $arch; next: sam build, then sam deploy --parameter-overrides Architecture=$arch …"
