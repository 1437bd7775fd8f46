#!/usr/bin/env bash
# Build the npm package: the core compiled to wasm32 (size-optimised profile
# `wasm-release`), then wasm-bindgen glue for the browser (`pkg/web`, ES
# module, `init()`/`initSync()`) and for Node (`pkg/node`, CommonJS).
# Installs the wasm target and the pinned wasm-bindgen-cli (crates.io) if
# missing; no other tool downloads anything.
set -euo pipefail
cd "$(dirname "$0")/.."
root=..

step() { printf '\n==> %s\n' "$*"; }

# The CLI must be the exact version of the wasm-bindgen crate in Cargo.lock.
version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$root/Cargo.lock")
if [ -z "$version" ]; then
  echo "wasm-bindgen not found in Cargo.lock" >&2
  exit 1
fi

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $version" ]; then
  step "cargo install wasm-bindgen-cli $version"
  # --locked first; without it when the registry lacks a pinned dependency.
  cargo install wasm-bindgen-cli --version "$version" --locked ||
    cargo install wasm-bindgen-cli --version "$version"
fi

step "cargo build (wasm32, profile wasm-release)"
cargo build -p eql-wasm --target wasm32-unknown-unknown --profile wasm-release --locked
wasm="$root/target/wasm32-unknown-unknown/wasm-release/eql_wasm.wasm"

step "wasm-bindgen --target web / nodejs"
rm -rf pkg/web pkg/node
wasm-bindgen --target web --out-dir pkg/web --out-name eql "$wasm"
wasm-bindgen --target nodejs --out-dir pkg/node --out-name eql "$wasm"
node scripts/patch-glue.mjs pkg/web/eql.js pkg/node/eql.js
echo '{"type": "module"}' > pkg/web/package.json
echo '{"type": "commonjs"}' > pkg/node/package.json

step "calculator sample data"
node scripts/sample-data.mjs

raw=$(wc -c < pkg/web/eql_bg.wasm)
gz=$(gzip -9 -c pkg/web/eql_bg.wasm | wc -c)
echo "eql_bg.wasm: $raw bytes, $gz bytes gzipped"
