#!/usr/bin/env python3
"""What a data scientist calls, timed: the Python table API on DataFrames.

    EQL_PY_PROFILE=release bash eql-py/scripts/test.sh -k nothing   # release wheel into eql-py/.venv
    eql-py/.venv/bin/python benches/python/tables.py [--leads 1000000] [--journeys 1000000]

Prints, from one run on this machine:
- `score_table` on a pyarrow table of sample-shaped leads (the bundled
  sample repeated; categorical columns dictionary-encoded, instants as zoned
  timestamps), and on a polars frame of the same data, against the 2 M
  leads/s target; then the same leads with instants as RFC 3339 text;
- the same leads as a pandas DataFrame built with `json_normalize`
  (events and touchpoints as long frames), with the pandas-to-Arrow share;
- path-table heuristics and exact Markov on a pandas DataFrame of the
  paths of seeded synthetic journeys, against ChannelAttribution on the
  same frame when it is importable (`pip install ChannelAttribution
  matplotlib`);
- peak RSS against the size of the Arrow input.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import pathlib
import random
import resource
import time
from typing import Any, Callable, Dict, List, Tuple

import pyarrow as pa
import pyarrow.compute as pc

import eql

ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
AS_OF = dt.datetime(2026, 11, 16, 12, tzinfo=dt.timezone.utc)
STAMP = pa.timestamp("us", tz="UTC")
INSTANTS = {"events": ("at",), "touchpoints": ("at",)}
CATEGORICAL = {
    "company": ("industry", "region", "country"),
    "partner": ("source", "program_tier"),
    "events": ("type",),
    "touchpoints": ("channel",),
}


def timed(f: Callable[[], Any], repeat: int = 3) -> Tuple[float, Any]:
    """Best of `repeat` wall times, and the last result."""
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = f()
        best = min(best, time.perf_counter() - t0)
    return best, out


def encode(array: pa.Array, names: Tuple[str, ...], stamps: Tuple[str, ...] = ()) -> pa.Array:
    """Dictionary-encode the named string members of a struct array, and
    read the `stamps` members as zoned timestamps."""
    fields, children = [], []
    for i, f in enumerate(array.type):
        child = array.field(i)
        if f.name in names and pa.types.is_string(f.type):
            child = pc.dictionary_encode(child)
        elif f.name in stamps:
            child = pc.cast(child, STAMP)
        fields.append(pa.field(f.name, child.type))
        children.append(child)
    return pa.StructArray.from_arrays(children, fields=fields, mask=array.is_null())


def typed(table: pa.Table) -> pa.Table:
    """The sample as a warehouse or Parquet file has it: categorical columns
    as dictionaries (pandas categoricals, polars enums), instants as zoned
    timestamps (JSON gives text)."""
    for name, members in CATEGORICAL.items():
        col = table.column(name).combine_chunks()
        if pa.types.is_struct(col.type):
            new = encode(col, members)
        else:
            values = encode(col.values, members, INSTANTS.get(name, ()))
            new = pa.ListArray.from_arrays(col.offsets, values, mask=col.is_null())
        table = table.set_column(table.schema.get_field_index(name), name, new)
    for name in ("created_at", "updated_at"):
        i = table.schema.get_field_index(name)
        table = table.set_column(i, name, pc.cast(table.column(name), STAMP))
    return table


def leads_table(n: int) -> Tuple[List[Dict[str, Any]], pa.Table]:
    leads = json.loads((SAMPLE / "leads.json").read_text())
    base = typed(pa.Table.from_struct_array(pa.array(leads)))
    reps = -(-n // base.num_rows)
    table = pa.concat_tables([base] * reps).slice(0, n).combine_chunks()
    return leads, table


def journeys(n: int, seed: int = 7) -> List[Dict[str, Any]]:
    """Seeded synthetic journeys aggregated to a ChannelAttribution path table."""
    rnd = random.Random(seed)
    channels = [f"c{i}" for i in range(10)]
    weights = [rnd.random() for _ in channels]
    rows: Dict[str, List[float]] = {}
    for _ in range(n):
        k = rnd.randint(1, 8)
        path = " > ".join(rnd.choices(channels, weights, k=k))
        converted = rnd.random() < 0.05 + 0.02 * k
        row = rows.setdefault(path, [0, 0.0, 0])
        if converted:
            row[0] += 1
            row[1] += rnd.choice([100.0, 250.0, 1000.0])
        else:
            row[2] += 1
    return [
        {"path": p, "total_conversions": c, "total_conversion_value": v, "total_null": z}
        for p, (c, v, z) in rows.items()
    ]


CHILD = """
import datetime as dt, resource, sys
import pyarrow as pa
import eql
table = pa.ipc.open_file(sys.argv[1]).read_all()
before = int(open("/proc/self/statm").read().split()[1]) * resource.getpagesize()
model = eql.CompiledModel(sys.argv[2])
out = model.score_table(table, dt.datetime(2026, 11, 16, 12, tzinfo=dt.timezone.utc))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(before, peak, table.nbytes, out.nbytes)
"""


def memory(table: pa.Table) -> str:
    """Peak memory of scoring, in a fresh process that holds just the table."""
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = pathlib.Path(d) / "leads.arrow"
        with pa.OSFile(str(path), "wb") as f, pa.ipc.new_file(f, table.schema) as w:
            w.write_table(table)
        r = subprocess.run(
            [sys.executable, "-c", CHILD, str(path), str(SAMPLE / "model.toml")],
            capture_output=True, text=True, check=True,
        )
    before, peak, size, out = (int(x) for x in r.stdout.split())
    extra = max(peak - before, 0)
    return (
        f"peak {peak / 2**20:,.0f} MB with the {size / 2**20:,.0f} MB table loaded "
        f"({before / 2**20:,.0f} MB before scoring): scoring added {extra / 2**20:,.0f} MB = "
        f"{extra / size:.2f}x the input (results {out / 2**20:,.0f} MB); "
        f"input + scoring = {(size + extra) / size:.2f}x the input"
    )


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--leads", type=int, default=1_000_000)
    ap.add_argument("--journeys", type=int, default=1_000_000)
    args = ap.parse_args()
    model = eql.CompiledModel(SAMPLE / "model.toml")

    leads, table = leads_table(args.leads)
    mb = table.nbytes / 2**20
    print(f"score_table input: {table.num_rows:,} leads, {mb:,.0f} MB of Arrow")
    secs, out = timed(lambda: model.score_table(table, AS_OF))
    assert out.num_rows == table.num_rows and out.column("error_code").null_count == out.num_rows
    rate = table.num_rows / secs
    print(f"  pyarrow: {secs:.3f} s = {rate / 1e6:.2f} M leads/s ({rate / 2e6:.2f}x the 2 M/s target)")
    text = pa.Table.from_struct_array(pa.array(leads))
    text = pa.concat_tables([text] * (-(-table.num_rows // text.num_rows))).slice(0, table.num_rows).combine_chunks()
    secs, _ = timed(lambda: model.score_table(text, AS_OF))
    print(f"  pyarrow, instants as text: {secs:.3f} s = {table.num_rows / secs / 1e6:.2f} M leads/s")
    try:
        import polars as pl

        frame = pl.DataFrame(table)
        secs, _ = timed(lambda: model.score_table(frame, AS_OF))
        print(f"  polars:  {secs:.3f} s = {table.num_rows / secs / 1e6:.2f} M leads/s")
    except ImportError:
        print("  polars: not installed")

    import pandas as pd

    n = min(args.leads, 200_000)
    # Unique ids: long tables join on them (a repeated id would collect the
    # events of every copy).
    rows = [{**lead, "id": f"{lead['id']}-{i}"} for i, lead in enumerate((leads * (-(-n // len(leads))))[:n])]
    bare = [{k: v for k, v in lead.items() if k not in ("events", "touchpoints")} for lead in rows]
    flat = pd.json_normalize(bare)
    events = pd.DataFrame([{"lead_id": lead["id"], **e} for lead in rows for e in lead.get("events", [])])
    touches = pd.DataFrame([{"lead_id": lead["id"], **t} for lead in rows for t in lead.get("touchpoints", [])])
    conv, tables = timed(lambda: (pa.Table.from_pandas(flat), pa.Table.from_pandas(events), pa.Table.from_pandas(touches)))
    secs, _ = timed(lambda: model.score_table(flat, AS_OF, events=events, touchpoints=touches))
    print(
        f"  pandas (json_normalize, long events/touchpoints), {n:,} leads: {secs:.3f} s = "
        f"{n / secs / 1e6:.2f} M leads/s, of which pandas->Arrow {conv:.3f} s ({100 * conv / secs:.0f} %)"
    )

    paths = pd.DataFrame(journeys(args.journeys))
    print(f"path table: {len(paths):,} paths from {args.journeys:,} journeys")
    h_secs, _ = timed(lambda: eql.heuristic_models(paths, allow_float=True))
    m_secs, _ = timed(lambda: eql.markov_model(paths, 1, allow_float=True))
    print(f"  eql heuristics {h_secs:.3f} s, exact Markov {m_secs:.3f} s")
    try:
        import ChannelAttribution as ca  # type: ignore[import-not-found]

        ca_h, _ = timed(lambda: ca.heuristic_models(paths, "path", "total_conversions", var_value="total_conversion_value", sep=">"), 1)
        ca_m, _ = timed(lambda: ca.markov_model(paths, "path", "total_conversions", var_value="total_conversion_value", var_null="total_null", order=1, sep=">", ncore=1, verbose=0), 1)
        print(f"  ChannelAttribution heuristics {ca_h:.3f} s ({ca_h / h_secs:.1f}x eql), Markov {ca_m:.3f} s ({ca_m / m_secs:.1f}x eql)")
    except ImportError:
        print("  ChannelAttribution: not installed (pip install ChannelAttribution matplotlib)")
    print(f"memory of score_table: {memory(table)}")


if __name__ == "__main__":
    main()
