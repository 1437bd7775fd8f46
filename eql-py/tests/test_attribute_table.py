"""attribute_table: one row per touchpoint, the same credits as attribute()."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any, Dict, List, Tuple

import pytest

import eql
from conftest import optional

pa = optional("pyarrow")

UTC = dt.timezone.utc
CHANNELS = ["organic_search", "partner_referral", "paid_search", "email", "direct"]


def journeys(n: int, seed: int = 11) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]], Dict[str, Dict[str, Any]]]:
    rnd = random.Random(seed)
    touches: List[Dict[str, Any]] = []
    conversions: List[Dict[str, Any]] = []
    by_journey: Dict[str, Dict[str, Any]] = {}
    base = dt.datetime(2026, 9, 1, tzinfo=UTC)
    for j in range(n):
        jid = f"J-{j}"
        conv_at = base + dt.timedelta(days=40)
        k = rnd.randint(0, 6)
        ts = []
        for t in range(k):
            at = base + dt.timedelta(days=rnd.randint(0, 45), hours=rnd.randint(0, 23))
            touch = {"id": f"{jid}-T{t}", "at": at, "channel": rnd.choice(CHANNELS)}
            if rnd.random() < 0.3:
                touch["partner_id"] = f"P-{rnd.randint(1, 4)}"
            ts.append(touch)
        amount = Decimal(rnd.randint(0, 10_000_00)) / 100
        currency = rnd.choice(["USD", "EUR", "JPY"])
        if currency == "JPY":
            amount = amount.to_integral_value()
        conv = {"at": conv_at, "amount": amount, "currency": currency}
        by_journey[jid] = {"touchpoints": ts, "conversion": conv}
        touches += [{"journey_id": jid, **t} for t in ts]
        if rnd.random() > 0.02:
            conversions.append({"journey_id": jid, **conv})
    rnd.shuffle(touches)
    return touches, conversions, by_journey


def table(rows: List[Dict[str, Any]]) -> Any:
    return pa.Table.from_struct_array(pa.array(rows))


def conv_table(rows: List[Dict[str, Any]]) -> Any:
    return pa.table(
        {
            "journey_id": [r["journey_id"] for r in rows],
            "at": pa.array([r["at"] for r in rows], pa.timestamp("us", tz="UTC")),
            "amount": pa.array([r["amount"] for r in rows], pa.decimal128(18, 2)),
            "currency": [r["currency"] for r in rows],
        }
    )


@pytest.mark.parametrize("model", ["partner_influence", "linear", "time_decay"])
def test_table_equals_one_by_one(model: str) -> None:
    touches, conversions, by_journey = journeys(1500)
    have_conv = {c["journey_id"] for c in conversions}
    out = eql.attribute_table(table(touches), conv_table(conversions), model, lookback_days=30)
    rows = out.to_pylist()
    # One row per touch, in order, then one per conversion no touch joins.
    touched = {t["journey_id"] for t in touches}
    untouched = [c["journey_id"] for c in conversions if c["journey_id"] not in touched]
    assert untouched, "the generator should make journeys without touches"
    assert len(rows) == len(touches) + len(untouched)
    tail = rows[len(touches):]
    assert [r["journey_id"] for r in tail] == untouched
    assert all(r["touch_id"] is None and r["error_code"] == "attribution.empty_journey" for r in tail)
    rows = rows[: len(touches)]
    assert [r["touch_id"] for r in rows] == [t["id"] for t in touches]
    cache: Dict[str, Any] = {}
    for t, r in zip(touches, rows):
        jid = t["journey_id"]
        if jid not in have_conv:
            assert r["error_code"] == "input.missing_conversion"
            continue
        if jid not in cache:
            try:
                cache[jid] = eql.attribute(by_journey[jid], model, lookback_days=30)
            except eql.EqlError as e:
                cache[jid] = e.code
        expected = cache[jid]
        if isinstance(expected, str):
            assert r["error_code"] == expected and r["credit"] is None
            continue
        assert r["error_code"] is None
        if t["id"] in expected["order"]:
            i = expected["order"].index(t["id"])
            assert r["kept"] is True
            assert r["share"] == expected["shares"][i]
            assert r["credit"] == expected["credits"][i]
        else:
            assert r["kept"] is False and r["excluded"] in {"after_conversion", "before_lookback"}


def test_credits_sum_exactly_per_journey() -> None:
    touches, conversions, by_journey = journeys(400, seed=5)
    out = eql.attribute_table(table(touches), conv_table(conversions)).to_pylist()
    sums: Dict[str, Decimal] = {}
    for r in out:
        if r["credit"] is not None:
            sums[r["journey_id"]] = sums.get(r["journey_id"], Decimal(0)) + r["credit"]
    for jid, total in sums.items():
        assert total == by_journey[jid]["conversion"]["amount"]


def test_missing_journey_column_is_named() -> None:
    with pytest.raises(eql.InputError) as e:
        eql.attribute_table(pa.table({"id": ["t"]}), pa.table({"journey_id": ["j"]}))
    assert e.value.code == "input.missing_column" and "journey_id" in str(e.value)


def test_float_amounts_need_opt_in() -> None:
    touches = pa.table({"journey_id": ["j"], "id": ["t"], "at": ["2026-09-01T00:00:00Z"]})
    conv = pa.table({"journey_id": ["j"], "at": ["2026-09-02T00:00:00Z"], "amount": [10.1], "currency": ["USD"]})
    # A float column cannot hold money: refused before any row is read.
    with pytest.raises(eql.InputError) as e:
        eql.attribute_table(touches, conv)
    assert e.value.code == "input.column_type" and "amount" in str(e.value)
    row = eql.attribute_table(touches, conv, allow_float=True).to_pylist()[0]
    assert row["credit"] == Decimal("10.10") and row["error_code"] is None


def test_path_tables_as_frames_equal_the_row_form() -> None:
    pd = optional("pandas")
    rows = [
        {"path": "email > partner > direct", "total_conversions": 2, "total_conversion_value": "300.50", "total_null": 1},
        {"path": "partner", "total_conversions": 1, "total_conversion_value": "99.99", "total_null": 4},
        {"path": "direct > direct", "total_conversions": 0, "total_null": 7},
    ]
    frame = pd.DataFrame(rows)
    h = eql.heuristic_models(frame)
    assert isinstance(h, pd.DataFrame) and list(h["channel_name"]) == ["direct", "email", "partner"]
    want = {c["channel_name"]: c for c in eql.heuristic_models(rows)["channels"]}
    for _, r in h.iterrows():
        assert r["linear_touch_value"] == want[r["channel_name"]]["linear_touch_value"]
        assert r["first_touch_conversions"] == want[r["channel_name"]]["first_touch_conversions"]
    m = eql.markov_model(pa.Table.from_pandas(frame), order=1)
    exact = {c["channel_name"]: c for c in eql.markov_model(rows)["channels"]}
    for r in m.to_pylist():
        assert r["removal_effect"] == exact[r["channel_name"]]["removal_effect"]
        assert r["total_conversion_value"] == exact[r["channel_name"]]["total_conversion_value"]
    # ChannelAttribution frames carry float values: opt in, as for any money.
    floats = frame.assign(total_conversion_value=[300.5, 99.99, 0.0])
    with pytest.raises(eql.InputError):
        eql.heuristic_models(floats)
    assert len(eql.heuristic_models(floats, allow_float=True)) == 3
