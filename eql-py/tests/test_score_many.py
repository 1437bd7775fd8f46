"""``CompiledModel.score_many`` on every qualify vector and on the sample:
explained items equal ``score`` lead by lead, compact items are their
projection key for key, and a failing lead keeps its place with the code
``score`` raises (the same contract as JS ``scoreMany``)."""

from __future__ import annotations

import json
from typing import Any, Iterator, Tuple

import pytest

import eql
from conftest import SAMPLE, VECTORS


def suites() -> Iterator[Tuple[str, eql.CompiledModel, str, list]]:  # type: ignore[type-arg]
    for path in sorted((VECTORS / "qualify").glob("*.json")):
        f = json.loads(path.read_text())
        model = eql.CompiledModel(f["model"], registry=f.get("registry"))
        yield path.name, model, f["as_of"], [c["lead"] for c in f["cases"]]
    job = json.loads((SAMPLE / "job.json").read_text())
    model = eql.CompiledModel((SAMPLE / job["model"]).read_text())
    yield "sample", model, job["as_of"], json.loads((SAMPLE / job["leads"]).read_text())


def _code(model: eql.CompiledModel, lead: Any, as_of: str) -> Any:
    try:
        model.score(lead, as_of)
    except eql.EqlError as e:
        return e.code
    return None


def test_explained_is_score_and_compact_is_its_projection() -> None:
    scored = 0
    for what, model, as_of, leads in suites():
        compact = model.score_many(leads, as_of)
        explained = model.score_many(leads, as_of, explain=True)
        assert len(compact) == len(explained) == len(leads), what
        for i, lead in enumerate(leads):
            code = _code(model, lead, as_of)
            if code is not None:
                assert compact[i]["error"]["code"] == code, (what, i)
                assert explained[i]["error"]["code"] == code, (what, i)
                continue
            assert explained[i] == model.score(lead, as_of), (what, i)
            assert "contributions" not in compact[i]
            for k, v in compact[i].items():
                assert explained[i][k] == v, (what, i, k)
            scored += 1
    assert scored >= 250


def test_bad_leads_keep_their_place_and_bad_calls_raise() -> None:
    model = eql.CompiledModel(eql.default_model())
    at = "2026-10-15T12:00:00Z"
    items = model.score_many([{"id": "a"}, {"id": 7}, {"id": "b", "compnay": {}}], at)
    assert items[0]["lead_id"] == "a"
    assert items[1]["error"]["code"] == "input.invalid"
    assert "[1]" in items[1]["error"]["message"]
    assert items[2]["error"]["code"] == "input.unknown_key"
    assert model.score_many("[]", at) == []
    with pytest.raises(eql.EqlError) as e:
        model.score_many('{"id": "a"}', at)
    assert e.value.code == "input.invalid"
