#!/usr/bin/env python3
"""Compare criterion results with the targets the issues name.

    cargo bench -p eql-benches            # writes target/criterion/
    python3 scripts/bench_compare.py [target/criterion]

Prints, per bench, the median time, the throughput it implies, the target
and the ratio measured ÷ target (≥ 1 meets it). Reads only criterion's own
JSON (`new/estimates.json`, `new/benchmark.json`); benches without a target
are listed for information.
"""
import json
import sys
from pathlib import Path

# bench id -> (kind, target, baseline named by the issue)
#   "rate": elements per second, at least target
#   "time": seconds per iteration, at most target
TARGETS = {
    "qualify/evaluate_100k": ("rate", 5e6, "issue 2: ≥ 5 M leads/s on one core (row path)"),
    "qualify/table_100k_one_core": ("rate", 5e6, "issue 12: ≥ 5 M leads/s on one core from Arrow batches"),
    "attribution/heuristic_over_table_1m": ("rate", 10e6, "issue 3: heuristics ≥ 10 M journeys/s"),
    "attribution/heuristic_end_to_end_1m": ("rate", 10e6, "issue 3: heuristics ≥ 10 M journeys/s (path table built inside)"),
    "attribution/heuristic_end_to_end_ids_1m": ("rate", 10e6, "issue 3: heuristics ≥ 10 M journeys/s (ids, table built inside)"),
    "attribution/markov_order1_end_to_end_1m": ("time", 1.0, "issue 3: exact order-1 Markov on 1 M journeys ≤ 1 s"),
    "attribution/markov_order1_end_to_end_ids_1m": ("time", 1.0, "issue 3: exact order-1 Markov on 1 M journeys ≤ 1 s (ids)"),
}


# bench id -> the bench it is compared with in the same run (speed-up shown)
BASELINES = {
    "qualify/table_100k_one_core": "qualify/evaluate_100k",
    "qualify/table_100k_all_cores": "qualify/evaluate_100k",
}


def rows(root):
    for bench in sorted(root.glob("*/*/new/benchmark.json")):
        meta = json.loads(bench.read_text())
        est = json.loads((bench.parent / "estimates.json").read_text())
        seconds = est["median"]["point_estimate"] / 1e9
        elements = (meta.get("throughput") or {}).get("Elements")
        yield meta["full_id"], seconds, elements


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
    found = list(rows(root))
    if not found:
        sys.exit(f"no criterion results under {root}; run `cargo bench -p eql-benches` first")
    print(f"{'bench':<44} {'median':>10} {'throughput':>14} {'ratio':>7}  target")
    for full_id, seconds, elements in found:
        rate = elements / seconds if elements else None
        shown = f"{rate / 1e6:,.2f} M/s" if rate else "—"
        kind, target, what = TARGETS.get(full_id, (None, None, ""))
        if kind == "rate" and rate:
            ratio = f"{rate / target:.2f}×"
        elif kind == "time":
            ratio = f"{target / seconds:.2f}×"
        else:
            ratio = "—"
        base = BASELINES.get(full_id)
        times = {f: s for f, s, _ in found}
        if base in times:
            what += f" [{times[base] / seconds:.1f}× {base}]"
        print(f"{full_id:<44} {seconds * 1e3:>8.1f}ms {shown:>14} {ratio:>7}  {what}")


if __name__ == "__main__":
    main()
