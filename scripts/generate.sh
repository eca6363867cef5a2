#!/usr/bin/env bash
# Writes the files that follow from the operation registry
# (shared/src/operations/mod.rs): functions/<op>/{Cargo.toml,src/main.rs},
# events/<op>.json, the nested stacks infra/stacks/<context>.yaml (the
# functions, their alarms and routes) and the section of infra/template.yaml
# that declares them (between its "BEGIN generated stacks" / "END generated
# stacks" markers).
# With --check, writes nothing: names each file that differs and exits
# non-zero. A new or removed function crate also changes Cargo.lock, which
# cargo keeps: the generator says so; run `cargo update --workspace` and
# commit the lock.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet --locked -p sesame-tests --bin sesame-generate -- "$@"
