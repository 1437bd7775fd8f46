#!/usr/bin/env bash
# Run every cargo-fuzz target (or the ones named) for SECONDS each, one after
# the other, single-threaded. Not part of CI; see fuzz/README.md.
#
#   scripts/fuzz.sh SECONDS [TARGET...]
#
# Each target's corpus grows in fuzz/corpus/<target>/ (not committed), seeded
# read-only from fuzz/seeds/<target>/; crashes land in fuzz/artifacts/<target>/
# and logs in fuzz/logs/<target>.log. Exits non-zero if any target fails.
# Environment: FUZZ_SANITIZER (default `none`: the core is safe Rust; `address`
# for ASan), FUZZ_TIMEOUT (seconds one input may take, default 10),
# FUZZ_MAX_LEN (default 16384 bytes), CARGO_BUILD_JOBS (default 1).
set -euo pipefail

if [[ $# -lt 1 || ! $1 =~ ^[0-9]+$ ]]; then
    echo "usage: $0 SECONDS [TARGET...]" >&2
    exit 2
fi
seconds=$1
shift

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root/fuzz"

missing=0
if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "error: no nightly toolchain; install it with:" >&2
    echo "    rustup toolchain install nightly --profile minimal" >&2
    missing=1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "error: cargo-fuzz is not installed; install it with:" >&2
    echo "    cargo install cargo-fuzz" >&2
    missing=1
fi
if [[ $missing -ne 0 ]]; then
    exit 2
fi

if [[ $# -gt 0 ]]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo +nightly fuzz list)
fi

export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-1}
sanitizer=${FUZZ_SANITIZER:-none}
mkdir -p logs
failed=()
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t" "artifacts/$t"
    dirs=("corpus/$t")
    if [[ -d "seeds/$t" ]]; then
        dirs+=("seeds/$t")
    fi
    echo "== $t: ${seconds}s"
    # libFuzzer runs one job in this process: no -jobs / -workers.
    if cargo +nightly fuzz run --sanitizer "$sanitizer" "$t" "${dirs[@]}" -- \
        -max_total_time="$seconds" \
        -timeout="${FUZZ_TIMEOUT:-10}" \
        -max_len="${FUZZ_MAX_LEN:-16384}" \
        -rss_limit_mb=2048 \
        -print_final_stats=1 >"logs/$t.log" 2>&1; then
        grep -E '^#[0-9]+[[:space:]]+DONE' "logs/$t.log" | tail -1 || true
    else
        echo "!! $t failed; see fuzz/logs/$t.log and fuzz/artifacts/$t/" >&2
        grep -E 'panicked|ERROR: libFuzzer|SUMMARY|Test unit written' "logs/$t.log" | head -5 >&2 || true
        failed+=("$t")
    fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "failed: ${failed[*]}" >&2
    exit 1
fi
echo "all ${#targets[@]} targets ran ${seconds}s without a crash"
