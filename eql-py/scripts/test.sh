#!/usr/bin/env bash
# The Python package's tests: build the abi3 wheel, install it into
# eql-py/.venv (created on first use, gitignored), run pytest (vectors, API,
# errors, stubtest, batch, docs). Needs only python3 (with venv) and cargo.
#
# The wheel is built with the dev profile by default: it reuses the Arrow
# and pyo3 artifacts `cargo test --workspace` already built, so a cold run
# stays short. For the shipped (LTO) build and a meaningful throughput line:
#   EQL_PY_PROFILE=release bash eql-py/scripts/test.sh -s -k throughput
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(cd .. && pwd)"
venv=.venv
profile="${EQL_PY_PROFILE:-dev}"
export EQL_PY_PROFILE="$profile"

step() { printf '\n==> %s\n' "$*"; }

step "python venv (eql-py/.venv)"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check \
  "maturin>=1.9.4,<2" pytest mypy pyarrow polars pandas

step "build the wheel (cargo profile $profile) and install it"
rm -rf "$root/target/wheels-py"
"$venv/bin/maturin" build --locked --profile "$profile" --out "$root/target/wheels-py" -q
"$venv/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps \
  "$root"/target/wheels-py/eql-*.whl
# An editable `maturin develop` leaves a .so in python/eql that would shadow the wheel.
rm -f python/eql/_eql*.so

step "Rust vector runner output (compared case by case)"
export EQL_RUST_VECTOR_OUT="$root/target/py-vectors.jsonl"
(cd "$root" && EQL_VECTOR_OUT="$EQL_RUST_VECTOR_OUT" cargo test -q --locked -p eql-core --test vectors >/dev/null)

step "pytest (optional dependencies required: none may skip)"
export EQL_REQUIRE_OPTIONAL=1
cd tests
"../$venv/bin/python" -m pytest -q -rs "$@"
