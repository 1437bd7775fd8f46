#!/usr/bin/env bash
# Every test of the project: Rust (fmt, clippy, unit, doc, golden vectors,
# property tests), and the bindings' tests as they land. Installs what it
# needs itself, so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "toolchain components"
for c in rustfmt clippy; do
  rustup component list --installed 2>/dev/null | grep -q "^$c" || rustup component add "$c"
done

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "eql-core knows nothing of its bindings"
if cargo tree -p eql-core -e normal --locked | grep -E '(pyo3|wasm-bindgen|js-sys|numpy) v'; then
  echo "eql-core depends on a binding crate" >&2
  exit 1
fi

step "cargo test --workspace"
cargo test --workspace --locked

step "the main job runs on the bundled sample"
cargo run --locked -q -p eql-cli -- report data/sample --html target/eql-report/ci.html > /dev/null
cargo run --locked -q -p eql-cli -- report data/sample/csv --html target/eql-report/ci-csv.html > /dev/null

step "python package (wheel, pytest: vectors vs the Rust runner, API, tables, stubtest, docs)"
bash eql-py/scripts/test.sh

step "wasm package: build, golden vectors in Node (nodejs and web builds), types, browser"
# The browser test drives Debian's chromium (no browser download).
if ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; else sudo apt-get update -qq && sudo apt-get install -y -qq chromium; fi
fi
(cd eql-wasm && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi && npm test)

step "benches compile; the vector and routing benches run once (criterion's test mode)"
cargo check -p eql-benches --benches --locked
cargo test -p eql-benches --bench vectors --bench routing --locked

echo
echo "all tests passed"
