"""Batches on DataFrames: same answers as one-by-one scoring, same length
and order, a per-row error instead of a dropped row."""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import os
import random
from typing import Any, Dict, List

import pytest

import eql

from conftest import SAMPLE, optional

pa = optional("pyarrow")

UTC = dt.timezone.utc
AS_OF = dt.datetime(2026, 11, 15, tzinfo=UTC)
COLUMNS = ("stage", "fit", "intent", "total", "buying_signal", "ecosystem_evidence")


@pytest.fixture(scope="module")
def model() -> eql.CompiledModel:
    return eql.CompiledModel(SAMPLE / "model.toml")


@pytest.fixture(scope="module")
def leads() -> List[Dict[str, Any]]:
    return json.loads((SAMPLE / "leads.json").read_text())  # type: ignore[no-any-return]


def generated(leads: List[Dict[str, Any]], n: int, seed: int = 7) -> List[Dict[str, Any]]:
    """Variations of the sample leads, some of them broken on purpose."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        lead = copy.deepcopy(rnd.choice(leads))
        lead["id"] = f"G-{i}"
        company = lead.setdefault("company", {})
        company["employees"] = rnd.choice([None, 5, 150, 200, 1200, 5000, 5001, 40000])
        if rnd.random() < 0.2:
            lead.pop("partner", None)
        if rnd.random() < 0.2:
            lead["events"] = lead.get("events", [])[: rnd.randint(0, 3)]
        roll = rnd.random()
        if roll < 0.02:
            lead["created_at"] = "yesterday"
        elif roll < 0.04:
            company["annual_revenue"] = "lots"
        elif roll < 0.05:
            lead["events"] = [{"type": "demo_request", "at": "2026-13-01T00:00:00Z"}]
        out.append(lead)
    return out


def to_table(rows: List[Dict[str, Any]]) -> Any:
    """All rows' keys (``pa.Table.from_pylist`` would take the first row's only)."""
    return pa.Table.from_struct_array(pa.array(rows))


def single(model: eql.CompiledModel, lead: Dict[str, Any]) -> Dict[str, Any]:
    try:
        q = model.score(lead, AS_OF, allow_outside_window=True)
    except eql.EqlError as e:
        return {"error_code": e.code}
    return {
        "stage": q["stage"],
        "fit": float(q["fit"]),
        "intent": float(q["intent"]),
        "total": float(q["total"]),
        "buying_signal": q["buying_signal"],
        "ecosystem_evidence": q["ecosystem_evidence"],
        "error_code": None,
    }


def batch_rows(table: Any) -> List[Dict[str, Any]]:
    rows = table.to_pylist()
    return [
        {"error_code": r["error_code"]} if r["error_code"] else {**{c: r[c] for c in COLUMNS}, "error_code": None}
        for r in rows
    ]


def test_batch_equals_single_on_generated_rows(model: eql.CompiledModel, leads: List[Dict[str, Any]]) -> None:
    rows = generated(leads, 3000)
    table = to_table(rows)
    out = model.score_table(table, AS_OF, allow_outside_window=True)
    assert out.num_rows == len(rows)
    assert out.column("lead_id").to_pylist() == [r["id"] for r in rows]
    expected = [single(model, r) for r in rows]
    got = batch_rows(out)
    mismatches = [(i, e, g) for i, (e, g) in enumerate(zip(expected, got)) if e != g]
    assert not mismatches, mismatches[:5]
    errors = sum(1 for g in got if g["error_code"])
    assert 0 < errors < len(rows) // 10


def test_explain_columns_equal_single(model: eql.CompiledModel, leads: List[Dict[str, Any]]) -> None:
    out = model.score_table(pa.Table.from_pylist(leads), AS_OF, explain=True).to_pylist()
    for lead, row in zip(leads, out):
        q = model.score(lead, AS_OF)
        assert row["missing"] == q["missing"]
        assert row["disqualify_reasons"] == q["disqualify_reasons"]
        assert row["summary"] == q["summary"]


def test_polars_in_polars_out(model: eql.CompiledModel, leads: List[Dict[str, Any]]) -> None:
    pl = optional("polars")
    df = pl.DataFrame(pa.Table.from_pylist(leads))
    out = model.score_table(df, AS_OF)
    assert isinstance(out, pl.DataFrame) and out.height == len(leads)
    expected = model.score_table(pa.Table.from_pylist(leads), AS_OF)
    assert out.to_arrow().column("stage").to_pylist() == expected.column("stage").to_pylist()


def test_pandas_flat_dotted_columns(model: eql.CompiledModel, leads: List[Dict[str, Any]]) -> None:
    pd = optional("pandas")
    flat = pd.json_normalize([{k: v for k, v in lead.items() if k not in ("events", "touchpoints")} for lead in leads])
    assert "company.employees" in flat.columns
    out = model.score_table(flat, AS_OF)
    assert isinstance(out, pd.DataFrame) and len(out) == len(leads)
    nested = pa.Table.from_pylist([{k: v for k, v in lead.items() if k not in ("events", "touchpoints")} for lead in leads])
    expected = model.score_table(nested, AS_OF).to_pandas()
    assert out["fit"].tolist() == expected["fit"].tolist()
    assert out["error"].isna().all()


def test_nan_and_none_in_numeric_columns_are_missing(model: eql.CompiledModel) -> None:
    table = pa.table({"id": ["a", "b", "c"], "company.employees": [float("nan"), None, 300.0]})
    out = model.score_table(table, AS_OF, explain=True).to_pylist()
    assert [r["error"] for r in out] == [None, None, None]
    assert "company.employees" in out[0]["missing"] and "company.employees" in out[1]["missing"]
    assert "company.employees" not in out[2]["missing"]


def test_float_money_is_refused_unless_allowed(model: eql.CompiledModel) -> None:
    table = pa.table({"id": ["a"], "company.annual_revenue": [7_500_000.5]})
    with pytest.raises(eql.InputError) as e:
        model.score_table(table, AS_OF)
    assert e.value.code == "input.column_type" and e.value.details["column"] == "company.annual_revenue"
    row = model.score_table(table, AS_OF, allow_float=True).to_pylist()[0]
    assert row["error_code"] is None


def test_decimal_and_timestamp_columns(model: eql.CompiledModel) -> None:
    from decimal import Decimal

    table = pa.table(
        {
            "id": ["a"],
            "created_at": pa.array([dt.datetime(2026, 11, 1, tzinfo=UTC)], pa.timestamp("us", tz="UTC")),
            "company.annual_revenue": pa.array([Decimal("7500000.00")], pa.decimal128(12, 2)),
        }
    )
    row = model.score_table(table, AS_OF).to_pylist()[0]
    assert row["error_code"] is None
    lead = {"id": "a", "created_at": "2026-11-01T00:00:00Z", "company": {"annual_revenue": "7500000.00"}}
    assert row["total"] == float(model.score(lead, AS_OF)["total"])


def test_naive_timestamps_are_rejected_naming_the_column(model: eql.CompiledModel) -> None:
    table = pa.table({"id": ["a"], "created_at": pa.array([dt.datetime(2026, 11, 1)], pa.timestamp("us"))})
    with pytest.raises(eql.InputError) as e:
        model.score_table(table, AS_OF)
    assert e.value.code == "input.naive_datetime" and e.value.details["column"] == "created_at"


def test_missing_id_column_is_named(model: eql.CompiledModel) -> None:
    with pytest.raises(eql.InputError) as e:
        model.score_table(pa.table({"email": ["a@b.com"]}), AS_OF)
    assert e.value.code == "input.missing_column" and e.value.details["column"] == "id"
    assert "`id`" in str(e.value)


def test_unknown_columns_fail_up_front_not_silence(model: eql.CompiledModel) -> None:
    with pytest.raises(eql.InputError) as e:
        model.score_table(pa.table({"id": ["a"], "compnay": ["x"]}), AS_OF)
    assert e.value.code == "input.unknown_column" and e.value.details["column"] == "compnay"


def test_wrong_type_is_a_clear_error(model: eql.CompiledModel) -> None:
    with pytest.raises(eql.InputError) as e:
        model.score_table([{"id": "a"}], AS_OF)
    assert e.value.code == "input.not_a_table"


def test_streams_many_batches_in_order(model: eql.CompiledModel, leads: List[Dict[str, Any]]) -> None:
    table = to_table(generated(leads, 2500, seed=3))
    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=300))
    out = model.score_table(reader, AS_OF, allow_outside_window=True)
    whole = model.score_table(table, AS_OF, allow_outside_window=True)
    assert out.num_rows == 2500 and out.equals(whole)


def test_empty_table(model: eql.CompiledModel) -> None:
    out = model.score_table(pa.table({"id": pa.array([], pa.string())}), AS_OF)
    assert out.num_rows == 0 and "error" in out.column_names


def test_throughput_is_reported(model: eql.CompiledModel, leads: List[Dict[str, Any]]) -> None:
    import time

    table = pa.concat_tables([pa.Table.from_pylist(leads)] * 400).combine_chunks()
    t0 = time.perf_counter()
    out = model.score_table(table, AS_OF)
    took = time.perf_counter() - t0
    assert out.num_rows == table.num_rows
    profile = os.environ.get("EQL_PY_PROFILE", "unknown")
    print(
        f"\nscore_table ({profile} build): {table.num_rows} sample-shaped leads in {took:.3f}s"
        f" = {table.num_rows / took:,.0f} leads/s"
    )
    assert not math.isnan(took)


def test_the_gil_is_released_while_scoring(model: eql.CompiledModel, leads: List[Dict[str, Any]]) -> None:
    import threading
    import time

    table = pa.concat_tables([pa.Table.from_struct_array(pa.array(leads))] * 200).combine_chunks()
    ticks = [0]
    stop = threading.Event()

    def count() -> None:
        while not stop.is_set():
            ticks[0] += 1

    worker = threading.Thread(target=count)
    worker.start()
    try:
        time.sleep(0.05)
        before = ticks[0]
        t0 = time.perf_counter()
        model.score_table(table, AS_OF)
        took = time.perf_counter() - t0
        during = ticks[0] - before
    finally:
        stop.set()
        worker.join()
    # A held GIL would freeze the counter for the whole call.
    assert took < 0.01 or during > 1000, (took, during)


def test_categorical_columns(model: eql.CompiledModel) -> None:
    pd = optional("pandas")
    df = pd.DataFrame({"id": ["a", "b"], "company.industry": pd.Categorical(["saas", "retail"])})
    out = model.score_table(df, AS_OF, explain=True)
    assert out["error"].isna().all()
    singles = [model.score({"id": i, "company": {"industry": v}}, AS_OF)["fit"] for i, v in (("a", "saas"), ("b", "retail"))]
    assert out["fit"].tolist() == [float(f) for f in singles]


def test_reads_lists_the_columns_a_model_needs(model: eql.CompiledModel) -> None:
    reads = model.reads()
    assert reads == sorted(set(reads))
    assert {"id", "company.employees", "custom.segment", "events.type", "touchpoints.partner_id"} <= set(reads)
    assert not {"company.name", "created_at", "touchpoints.url"} & set(reads)


def test_unread_columns_are_still_checked(model: eql.CompiledModel) -> None:
    # A column the model does not read still fails where it should: an unparsable
    # timestamp fails its row, as `score` does; a wrong type fails the table.
    table = pa.table({
        "id": ["a", "b", "c"],
        "company.name": ["Acme", None, "Beta"],
        "created_at": ["2026-11-01T00:00:00Z", "yesterday", None],
    })
    got = [r["error_code"] for r in model.score_table(table, AS_OF).to_pylist()]
    assert got == [None, "input.invalid_timestamp", None]
    with pytest.raises(eql.InputError) as e:
        model.score_table(pa.table({"id": ["a"], "company.name": [7]}), AS_OF)
    assert e.value.code == "input.column_type" and e.value.details["column"] == "company.name"


def test_events_and_touchpoints_as_long_tables(model: eql.CompiledModel, leads: List[Dict[str, Any]]) -> None:
    bare = [{k: v for k, v in lead.items() if k not in ("events", "touchpoints")} for lead in leads]
    events = [{"lead_id": lead["id"], **e} for lead in leads for e in lead.get("events", [])]
    touches = [{"lead_id": lead["id"], **t} for lead in leads for t in lead.get("touchpoints", [])]
    out = model.score_table(to_table(bare), AS_OF, events=to_table(events), touchpoints=to_table(touches))
    whole = model.score_table(to_table(leads), AS_OF)
    assert out.column("stage").to_pylist() == whole.column("stage").to_pylist()
    assert out.column("total").to_pylist() == whole.column("total").to_pylist()
    # An event whose lead is not in the table is an error naming it, never dropped.
    stray = events + [{"lead_id": "nobody", "type": "demo_request", "at": "2026-11-01T00:00:00Z"}]
    with pytest.raises(eql.InputError) as e:
        model.score_table(to_table(bare), AS_OF, events=to_table(stray))
    assert e.value.code == "input.orphan_row" and "nobody" in str(e.value)


def test_compact_columns_equal_single(model: eql.CompiledModel, leads: List[Dict[str, Any]]) -> None:
    out = model.score_table(to_table(leads), AS_OF).to_pylist()
    for lead, row in zip(leads, out):
        q = model.score(lead, AS_OF)
        assert row["missing"] == q["missing"]
        assert row["model_fingerprint"] == q["model_fingerprint"] == model.fingerprint
        assert row["ecosystem_evidence"] == q["ecosystem_evidence"]
