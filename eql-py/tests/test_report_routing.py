"""The partner ROI report, routing and SLA clocks, and path-table models
through the Python API: typed values out, coded errors in the right family."""

from __future__ import annotations

import datetime as dt
import pickle
from decimal import Decimal

import pytest

import eql
from conftest import SAMPLE

UTC = dt.timezone.utc


def _report_input() -> dict:
    return {
        "as_of": dt.datetime(2026, 12, 31, tzinfo=UTC),
        "currency": "USD",
        "fx_rates": {"EUR": Decimal("1.10")},
        "leads": [
            {"id": "L1", "created_at": dt.datetime(2026, 10, 5, tzinfo=UTC), "partner_id": "P-7",
             "stage": "eql", "sql_at": dt.datetime(2026, 10, 8, tzinfo=UTC),
             "touchpoints": [
                 {"id": "T1", "at": dt.datetime(2026, 10, 1, tzinfo=UTC), "channel": "organic_search"},
                 {"id": "T2", "at": dt.datetime(2026, 10, 2, tzinfo=UTC), "partner_id": "P-7", "asset": "/p7"},
                 {"id": "T3", "at": dt.datetime(2026, 10, 3, tzinfo=UTC), "channel": "paid_search"}]},
            {"id": "L2", "created_at": dt.datetime(2026, 10, 6, tzinfo=UTC), "stage": "unqualified"},
        ],
        "opportunities": [
            {"id": "O1", "lead_id": "L1", "created_at": dt.datetime(2026, 10, 10, tzinfo=UTC),
             "amount": Decimal("10000.00"), "currency": "EUR", "status": "won",
             "closed_at": dt.datetime(2026, 11, 4, tzinfo=UTC)}],
        "costs": [{"partner_id": "P-7", "period": "2026-Q4", "amount": Decimal("500.00"), "currency": "USD"}],
    }


def test_report_money_is_decimal_and_adds_up() -> None:
    r = eql.build_report(_report_input())
    p7 = r["partners"][0]
    # 10 000 EUR x 1.10 = 11 000 USD; the partner touch earns 20 %.
    assert p7["pipeline"] == Decimal("2200.00")
    assert p7["pipeline_to_cost"] == Decimal("4.40")
    assert p7["meets_bar"] is False
    t = r["totals"]
    assert t["pipeline"] == Decimal("11000.00")
    assert t["partner_pipeline"] + t["unpartnered_pipeline"] == t["pipeline"]
    assert r["weekly"][0]["week"] == dt.date(2026, 10, 5)
    assert r["as_of"] == dt.datetime(2026, 12, 31, tzinfo=UTC)


def test_report_errors_are_report_errors() -> None:
    bad = _report_input()
    del bad["fx_rates"]
    with pytest.raises(eql.ReportError) as e:
        eql.build_report(bad)
    assert e.value.code == "report.missing_fx_rate"
    assert e.value.details["from"] == "EUR"
    assert isinstance(e.value, ValueError)


def test_every_report_error_is_a_report_error_of_its_own_family() -> None:
    bad = _report_input()
    bad["currency"] = "XYZ"
    with pytest.raises(eql.ReportError) as e:
        eql.build_report(bad)
    assert e.value.code == "money.unknown_currency"
    assert isinstance(e.value, eql.MoneyError) and isinstance(e.value, eql.AttributionError)
    bad = _report_input()
    bad["leads"][0]["created_at"] = "yesterday"
    with pytest.raises(eql.ReportError) as e:
        eql.build_report(bad)
    assert isinstance(e.value, eql.InputError)
    assert e.value.code.startswith("input.")
    again = pickle.loads(pickle.dumps(e.value))
    assert type(again) is type(e.value) and again.details == e.value.details


CONFIG = {"queues": [{"id": "emea", "regions": ["EMEA"], "reps": [
    {"id": "ana", "weight": 2}, {"id": "bo", "weight": 1}]}]}


def test_a_routing_typo_is_the_same_error_as_in_js() -> None:
    # eql-wasm/test/errors.test.mjs gives the same code and path for routeLead.
    for call in (
        lambda: eql.route(CONFIG, {"lead_id": "x", "regoin": "EMEA"}),
        lambda: eql.route_batch(CONFIG, [{"lead_id": "x", "regoin": "EMEA"}]),
    ):
        with pytest.raises(eql.InputError) as e:
            call()
        assert e.value.code == "input.unknown_key"
        assert e.value.details["key"] == "regoin"


def test_routing_state_round_trips() -> None:
    state = None
    reps = []
    for i in range(6):
        assignment, state = eql.route(CONFIG, {"lead_id": f"L{i}", "region": "EMEA"}, state)
        reps.append(assignment["rep_id"])
    assert reps.count("ana") == 4 and reps.count("bo") == 2
    results, _ = eql.route_batch(CONFIG, [{"lead_id": "X", "region": "APAC"}], state)
    assert results[0]["status"] == "unassigned"


def test_sla_clock() -> None:
    policy = {"window_minutes": 600, "calendar": {"time_zone": "UTC", "hours": {
        d: [{"start": "10:00", "end": "18:00"}] for d in ["mon", "tue", "wed", "thu", "fri"]}}}
    start = dt.datetime(2026, 11, 18, 15, 0, tzinfo=UTC)  # a Wednesday
    assert eql.sla_deadline(policy, start) == dt.datetime(2026, 11, 19, 17, 0, tzinfo=UTC)
    clock = eql.sla_status(policy, start, dt.datetime(2026, 11, 20, 9, 0, tzinfo=UTC))
    assert clock["status"] == "breached"
    with pytest.raises(eql.RoutingError) as e:
        eql.sla_deadline({"window_minutes": 60, "calendar": {"time_zone": "Mars/Olympus", "hours": {"mon": [{"start": "10:00", "end": "18:00"}]}}}, start)
    assert e.value.code.startswith("sla.")
    with pytest.raises(eql.InputError):
        eql.sla_deadline(policy, dt.datetime(2026, 11, 18, 15, 0))


def test_markov_is_exact() -> None:
    table = [
        {"path": "a > b", "total_conversions": 1, "total_conversion_value": "10", "total_null": 0},
        {"path": "b", "total_conversions": 0, "total_conversion_value": "0", "total_null": 1},
    ]
    m = eql.markov_model(table)
    assert sum(c["total_conversions"] for c in m["channels"]) == m["total_conversions"]
    h = eql.heuristic_models(table)
    assert {c["channel_name"] for c in h["channels"]} == {"a", "b"}
    with pytest.raises(eql.AttributionError) as e:
        eql.markov_model(table, order=5)
    assert e.value.code == "attribution.invalid_order"


def _sample_report(model: eql.CompiledModel, leads: list, sql: dict) -> dict:
    import json

    def load(name: str) -> object:
        return json.loads((SAMPLE / name).read_text(encoding="utf-8"))

    as_of = "2026-11-16T12:00:00Z"
    report_leads = model.report_leads(leads, as_of, sql)
    return eql.build_report({
        "as_of": as_of, "currency": "USD", "fx_rates": {"EUR": Decimal("1.08")},
        "leads": report_leads, "opportunities": load("opportunities.json"), "costs": load("costs.json"),
    })


def test_report_leads_give_the_main_jobs_report_on_the_sample() -> None:
    import json

    leads = json.loads((SAMPLE / "leads.json").read_text(encoding="utf-8"))
    sql = json.loads((SAMPLE / "sql.json").read_text(encoding="utf-8"))
    model = eql.CompiledModel(SAMPLE / "model.toml")
    rows = model.report_leads(leads, "2026-11-16T12:00:00Z", sql)
    assert [r["id"] for r in rows] == [lead["id"] for lead in leads]
    scored = model.score_many(leads, "2026-11-16T12:00:00Z")
    assert [r["stage"] for r in rows] == [s["stage"] for s in scored]
    assert sum(r["sql_at"] is not None for r in rows) == len(sql)
    assert rows[0]["touchpoints"] == eql.lead_touches(leads[0])
    # The same totals as `eql report data/sample` (the README's main job).
    t = _sample_report(model, leads, sql)["totals"]
    assert (t["pipeline"], t["partner_pipeline"], t["won_arr"]) == (
        Decimal("2278028.00"), Decimal("1047888.00"), Decimal("479700.00"))


def test_lead_touches_classify_an_empty_channel() -> None:
    lead = {"id": "L-1", "touchpoints": [
        {"id": "t1", "at": "2026-10-01T09:00:00Z", "url": "https://x.io/?utm_source=google&utm_medium=cpc"},
        {"id": "t2", "at": "2026-10-02T09:00:00Z", "channel": "webinar"}]}
    assert [t["channel"] for t in eql.lead_touches(lead)] == ["paid_search", "webinar"]
    registry = {"partners": [{"id": "P-9", "utm_sources": ["acme"]}]}
    lead["touchpoints"][0]["url"] = "https://x.io/?utm_source=acme&utm_medium=partner&utm_campaign=q4"
    assert eql.lead_touches(lead, registry)[0]["channel"] == "partner_referral"


def test_report_leads_errors_name_the_lead_and_are_report_errors() -> None:
    model = eql.CompiledModel(SAMPLE / "model.toml")
    with pytest.raises(eql.ReportError) as e:
        model.report_leads([{"id": "L-1"}], "2026-11-16T12:00:00Z")
    assert e.value.code == "report.missing_created_at" and "L-1" in str(e.value)
    with pytest.raises(eql.ReportError) as e:
        model.report_leads([{"id": "L-1", "created_at": "2026-10-01T09:00:00Z"}],
                           "2026-11-16T12:00:00Z", {"L-1": "yesterday"})
    assert e.value.code.startswith("input.") and "L-1" in str(e.value)
    with pytest.raises(eql.ReportError) as e:
        model.report_leads([{"id": "L-1", "emial": "x"}], "2026-11-16T12:00:00Z")
    assert e.value.code == "input.unknown_key"
