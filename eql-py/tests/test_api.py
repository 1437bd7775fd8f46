"""The typed Python API: dicts in and out, Decimal money, aware datetimes."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from decimal import Decimal

import pytest

import eql
from eql import _eql

from conftest import ROOT, SAMPLE

UTC = dt.timezone.utc
AS_OF = dt.datetime(2026, 10, 15, 12, tzinfo=UTC)
REFERRAL = {"id": "L-1", "partner": {"id": "P-7", "source": "implementation_partner"}}
JOURNEY = {
    "touchpoints": [
        {"id": "T-1", "at": "2026-09-01T10:00:00Z", "channel": "organic_search"},
        {"id": "T-2", "at": "2026-09-02T10:00:00Z", "channel": "partner_referral", "partner_id": "P-7"},
        {"id": "T-3", "at": "2026-09-03T10:00:00Z", "channel": "paid_search"},
    ],
    "conversion": {"at": "2026-09-30T10:00:00Z", "amount": Decimal("1000.00"), "currency": "USD"},
}


def test_version_is_the_crates() -> None:
    cargo = (ROOT / "Cargo.toml").read_text()
    assert f'version = "{eql.__version__}"' in cargo
    assert eql.__doc__ and "Ecosystem Qualified Leads" in eql.__doc__


def test_score_returns_dicts_with_aware_datetimes() -> None:
    model = eql.CompiledModel(eql.default_model())
    q = model.score(REFERRAL, AS_OF)
    assert q["lead_id"] == "L-1"
    assert q["stage"] in {"eql", "mql", "unqualified", "disqualified"}
    assert q["as_of"] == AS_OF and q["as_of"].tzinfo is not None
    assert q["ecosystem_evidence"] == ["partner_referral"]
    assert model.id == "eql-default" and len(model.fingerprint) > 8


def test_qualify_equals_compiled_score_and_accepts_toml_path_and_text() -> None:
    path = SAMPLE / "model.toml"
    lead = json.loads((SAMPLE / "leads.json").read_text())[0]
    as_of = dt.datetime(2026, 11, 15, tzinfo=UTC)
    by_path = eql.qualify(path, lead, as_of)
    by_text = eql.qualify(path.read_text(), json.dumps(lead), "2026-11-15T00:00:00Z")
    assert by_path == by_text == eql.CompiledModel(path).score(lead, as_of)


def test_other_timezones_are_normalised_to_utc() -> None:
    model = eql.CompiledModel(eql.default_model())
    paris = dt.timezone(dt.timedelta(hours=2))
    q = model.score(REFERRAL, dt.datetime(2026, 10, 15, 14, tzinfo=paris))
    assert q["as_of"] == AS_OF


def test_naive_datetime_is_rejected_clearly() -> None:
    model = eql.CompiledModel(eql.default_model())
    with pytest.raises(eql.InputError) as e:
        model.score(REFERRAL, dt.datetime(2026, 10, 15))
    assert e.value.code == "input.naive_datetime"
    assert "timezone-aware" in str(e.value)
    lead = dict(REFERRAL, created_at=dt.datetime(2026, 10, 1))
    with pytest.raises(eql.InputError) as e:
        model.score(lead, AS_OF)
    assert e.value.details == {"path": "created_at"}


def test_attribute_money_is_decimal_and_exact() -> None:
    a = eql.attribute(JOURNEY)
    assert a["credits"] == [Decimal("400.00"), Decimal("200.00"), Decimal("400.00")]
    assert sum(a["shares"]) == 1 and sum(a["credits"]) == a["amount"] == Decimal("1000.00")
    assert eql.attribute(JOURNEY, "linear")["model"] == "linear"
    agg = eql.aggregate([JOURNEY], [a], by="channel")
    assert sum(t["credit"] for t in agg["totals"]) == Decimal("1000.00")


def test_float_money_needs_an_explicit_opt_in() -> None:
    journey = json.loads(json.dumps(JOURNEY, default=str))
    journey["conversion"]["amount"] = 100.1
    with pytest.raises(eql.InputError) as e:
        eql.attribute(journey)
    assert e.value.code == "input.invalid_money"
    assert e.value.details["path"] == "conversion.amount"
    a = eql.attribute(journey, allow_float=True)
    assert a["amount"] == Decimal("100.10")
    journey["conversion"]["amount"] = float("nan")
    with pytest.raises(eql.InputError):
        eql.attribute(journey, allow_float=True)


def test_money_as_string_is_accepted() -> None:
    journey = json.loads(json.dumps(JOURNEY, default=str))
    assert eql.attribute(journey)["amount"] == Decimal("1000.00")


@pytest.mark.parametrize(
    "call, family, code",
    [
        (lambda: eql.CompiledModel({"id": "m", "version": "1", "effective_from": "2026-10-01", "treshold": 70}), eql.ModelError, "model.unknown_key"),
        (lambda: eql.CompiledModel("id = 'm'\nversion = '1'\neffective_from = 2026-10-01\n[[fit.rules]]\nid='a'\nfield='company.industry'\nop='gt'\nvalue=3\npoints=1"), eql.ModelError, "model.type_mismatch"),
        (lambda: eql.qualify(eql.default_model(), REFERRAL, "2030-01-01T00:00:00Z"), eql.QualifyError, "qualify.outside_window"),
        (lambda: eql.qualify(eql.default_model(), {"id": "x", "compnay": {}}, AS_OF), eql.InputError, "input.unknown_key"),
        (lambda: eql.qualify(eql.default_model(), REFERRAL, "yesterday"), eql.InputError, "input.invalid_timestamp"),
        (lambda: eql.attribute({"touchpoints": [], "conversion": JOURNEY["conversion"]}), eql.AttributionError, "attribution.empty_journey"),
        (lambda: eql.attribute(dict(JOURNEY, conversion=dict(JOURNEY["conversion"], currency="XYZ"))), eql.MoneyError, "money.unknown_currency"),
        (lambda: eql.dedup_key("not-an-email"), eql.HygieneError, "email.invalid"),
        (lambda: eql.dedup_key("a@co.uk"), eql.HygieneError, "email.no_registrable_domain"),
        (lambda: eql.parse_url("not a url"), eql.UtmError, "url.invalid"),
        (lambda: eql.classify("https://x.example/", registry={"partners": [{"id": "P", "typo": 1}]}), eql.UtmError, "utm.unknown_key"),
        (lambda: eql.validate([REFERRAL], ["partner.nope"]), eql.HygieneError, "hygiene.unknown_field"),
    ],
)
def test_errors_have_family_code_and_details(call, family, code) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(family) as e:
        call()
    assert isinstance(e.value, eql.EqlError) and isinstance(e.value, ValueError)
    assert e.value.code == code
    assert isinstance(e.value.details, dict)
    assert code in str(e.value)


def test_error_details_are_the_cores_fields() -> None:
    with pytest.raises(eql.ModelError) as e:
        eql.CompiledModel(
            {"id": "m", "version": "1", "effective_from": "2026-10-01",
             "fit": {"rules": [{"id": "r1", "field": "company.industry", "op": "bogus", "value": 1, "points": 1}]}}
        )
    assert e.value.code in {"model.unknown_operator", "model.parse"}
    assert e.value.details


def test_errors_pickle() -> None:
    with pytest.raises(eql.HygieneError) as e:
        eql.dedup_key("nope")
    again = pickle.loads(pickle.dumps(e.value))
    assert type(again) is eql.HygieneError and again.code == e.value.code and again.details == e.value.details


def test_a_rust_panic_is_an_eql_error_not_panic_exception() -> None:
    with pytest.raises(eql.InternalError) as e:
        _eql._panic_for_tests()
    assert e.value.code == "internal.panic"
    assert isinstance(e.value, Exception)


def test_hygiene_and_utm() -> None:
    assert eql.dedup_key("J.Doe+x@Gmail.com", "P-7") == "jdoe@gmail.com|P-7"
    assert eql.lead_key({"id": "L", "email": "ana@eu.acme.co.uk", "partner": {"id": "P-7"}}) == "acme.co.uk|P-7"
    report = eql.merge([
        {"id": "A", "email": "ana@acme.co.uk", "partner": {"id": "P-7"}},
        {"id": "B", "email": "bob@eu.acme.co.uk", "partner": {"id": "P-7", "program_tier": "gold"},
         "updated_at": AS_OF},
    ])
    assert [g["member_ids"] for g in report["groups"]] == [["A", "B"]]
    assert report["groups"][0]["merged"]["updated_at"] == AS_OF
    v = eql.validate([REFERRAL, {"id": "L-2"}])
    assert [x["field"] for x in v[0]] == ["partner.program_tier", "partner.referral_date"]
    assert len(v[1]) == 3
    s = eql.stale([{"id": "old", "updated_at": "2026-08-01T00:00:00Z"}], AS_OF)
    assert s[0]["id"] == "old" and s[0]["last_touched"].tzinfo is not None
    c = eql.classify("https://v.example/?utm_source=chatgpt.com")
    assert c["channel"] == "ai_assistant"
    p = eql.parse_url("https://v.example/?utm_source=%20P7&gclid=AbC")
    assert p["utm"]["source"] == "p7" and p["click_ids"]["gclid"] == "AbC"
    reg = {"partners": [{"id": "P-7", "utm_sources": ["p7", "seven-partners"]}]}
    check = eql.check_link("https://v.example/?utm_source=seven-partners&utm_medium=cpc", reg, "P-7")
    assert check["partner_id"] == "P-7" and len(check["findings"]) == 3


def test_model_round_trips() -> None:
    m = eql.CompiledModel(SAMPLE / "model.toml")
    again = eql.CompiledModel(m.to_dict())
    assert again.fingerprint == m.fingerprint
    assert isinstance(m.to_dict()["effective_from"], dt.date)


def test_model_registry_picks_the_version_in_force() -> None:
    q4 = eql.default_model()
    q1 = dict(q4, version="2027Q1", effective_from=dt.date(2027, 1, 1), effective_until=None)
    reg = eql.ModelRegistry([q4, q1])
    assert reg.in_force("eql-default", dt.datetime(2027, 2, 1, tzinfo=UTC)).version == "2027Q1"
    assert reg.in_force("eql-default", AS_OF).version == q4["version"]
    assert len(reg.versions()) == 2
    with pytest.raises(eql.ModelError) as e:
        reg.in_force("eql-default", "2030-01-01T00:00:00Z")
    assert e.value.code == "model.not_in_force"
    with pytest.raises(eql.ModelError) as e:
        eql.ModelRegistry([q4, dict(q4, version="again")])
    assert e.value.code == "model.overlapping_windows"


def test_compiled_model_pickles() -> None:
    m = eql.CompiledModel(SAMPLE / "model.toml")
    again = pickle.loads(pickle.dumps(m))
    assert again.fingerprint == m.fingerprint
    lead = json.loads((SAMPLE / "leads.json").read_text())[0]
    as_of = dt.datetime(2026, 11, 15, tzinfo=UTC)
    assert again.score(lead, as_of) == m.score(lead, as_of)


def test_every_error_family_is_exported() -> None:
    import inspect

    import eql.errors

    # Private classes only combine public families (a report's money error).
    families = {
        n
        for n, c in inspect.getmembers(eql.errors, inspect.isclass)
        if issubclass(c, eql.EqlError) and not n.startswith("_")
    }
    assert set(eql.errors.__all__) == families
    assert families <= set(eql.__all__)


def test_results_are_converted_by_type_never_by_key_name() -> None:
    import datetime as dt
    from decimal import Decimal

    # A user's own custom keys that share a name with typed fields stay as given.
    custom = {"cost": "12.50", "at": "later", "week": "2026-W01", "amount": "lots", "credit": 3}
    leads = [
        {"id": "a", "email": "ana@acme.co.uk", "custom": custom,
         "partner": {"id": "P-1", "referral_date": "2026-10-01"}},
        {"id": "b", "email": "bo@acme.co.uk", "custom": {"cost": "9"}},
    ]
    merged = eql.merge(leads)
    lead = next(g["merged"] for g in merged["groups"] if g["survivor"] == "a")
    assert lead["custom"] == custom
    assert lead["partner"]["referral_date"] == dt.date(2026, 10, 1)
    j = {"touchpoints": [{"id": "t", "at": "2026-10-01T00:00:00Z"}],
         "conversion": {"at": "2026-10-02T00:00:00Z", "amount": "10.00", "currency": "USD"}}
    a = eql.attribute(j)
    assert a["credits"] == [Decimal("10.00")] and isinstance(a["amount"], Decimal)
    model = eql.CompiledModel(eql.default_model())
    q = model.score({"id": "x"}, dt.datetime(2026, 10, 15, tzinfo=dt.timezone.utc), allow_outside_window=True)
    assert isinstance(q["as_of"], dt.datetime) and q["as_of"].tzinfo is not None


def test_a_partner_registry_tags_touches_everywhere() -> None:
    import datetime as dt
    import pickle

    registry = {"partners": [{"id": "P-7", "utm_sources": ["p7"], "domains": ["p7.example"]}]}
    as_of = dt.datetime(2026, 11, 16, tzinfo=dt.timezone.utc)
    touch = {"id": "T", "at": "2026-11-01T00:00:00Z", "referrer": "https://blog.p7.example/"}
    lead = {"id": "L", "touchpoints": [touch]}
    model = eql.default_model()
    plain = eql.CompiledModel(model)
    tagged = eql.CompiledModel(model, registry=registry)
    assert plain.score(lead, as_of, allow_outside_window=True)["ecosystem_evidence"] == []
    assert tagged.score(lead, as_of, allow_outside_window=True)["ecosystem_evidence"] == ["partner_touchpoint"]
    assert "touchpoints.referrer" in tagged.reads() and "touchpoints.referrer" not in plain.reads()
    again = pickle.loads(pickle.dumps(tagged))
    assert again.score(lead, as_of, allow_outside_window=True)["ecosystem_evidence"] == ["partner_touchpoint"]
    journey = {
        "touchpoints": [
            {"id": "a", "at": "2026-10-01T00:00:00Z"},
            {**touch, "id": "b", "at": "2026-10-02T00:00:00Z"},
            {"id": "c", "at": "2026-10-03T00:00:00Z"},
        ],
        "conversion": {"at": "2026-10-05T00:00:00Z", "amount": "100.00", "currency": "USD"},
    }
    assert [str(c) for c in eql.attribute(journey)["credits"]] == ["50.00", "0.00", "50.00"]
    credits = eql.attribute(journey, registry=registry)["credits"]
    assert [str(c) for c in credits] == ["40.00", "20.00", "40.00"]
    with pytest.raises(eql.UtmError):
        eql.CompiledModel(model, registry={"partners": [{"id": ""}]})


def test_optional_dependencies_are_required_under_the_test_script(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from conftest import optional

    monkeypatch.setenv("EQL_REQUIRE_OPTIONAL", "1")
    with pytest.raises(ModuleNotFoundError):
        optional("eql_no_such_module")
    monkeypatch.delenv("EQL_REQUIRE_OPTIONAL")
    with pytest.raises(pytest.skip.Exception):
        optional("eql_no_such_module")
