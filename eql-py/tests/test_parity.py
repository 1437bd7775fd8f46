"""One signature per operation: the Python functions take their positional
arguments in the order the npm package's functions do (eql.d.ts), names
compared in snake_case. Python-only keyword options are not compared."""

from __future__ import annotations

import inspect
import re
from typing import Dict, List

import pytest

import eql
from conftest import ROOT

# Python name → JS name, for the operations both runtimes have.
PAIRS = {
    "qualify": "qualify",
    "attribute": "attribute",
    "markov_model": "markovModel",
    "heuristic_models": "heuristicModels",
    "dedup_key": "dedupKey",
    "lead_key": "leadKey",
    "parse_url": "parseUrl",
    "classify": "classifyTouch",
    "check_link": "checkLink",
    "route": "routeLead",
    "route_batch": "routeBatch",
    "sla_deadline": "slaDeadline",
    "sla_status": "slaStatus",
    "partner_status_updates": "partnerStatusUpdates",
    "lead_touches": "leadTouches",
}

# The same parameter under each language's usual name.
SAME = {"report_input": "input", "path_table": "path_table"}


def snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def js_params() -> Dict[str, List[str]]:
    text = (ROOT / "eql-wasm" / "types" / "eql.d.ts").read_text(encoding="utf-8")
    out = {}
    for m in re.finditer(r"export function (\w+)\(([^)]*)\)", text):
        names = [p.split(":")[0].strip().rstrip("?") for p in m.group(2).split(",") if p.strip()]
        out[m.group(1)] = [snake(n) for n in names]
    return out


def py_params(fn: object) -> List[str]:
    sig = inspect.signature(fn)  # type: ignore[arg-type]
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return [SAME.get(p.name, p.name) for p in sig.parameters.values() if p.kind in kinds]


@pytest.mark.parametrize("py_name", sorted(PAIRS))
def test_positional_arguments_match_the_npm_package(py_name: str) -> None:
    js = js_params()[PAIRS[py_name]]
    py = py_params(getattr(eql, py_name))
    # JS passes Python's keyword options in a trailing `options` object.
    js_positional = [n for n in js if n not in ("options", "config") or n in py]
    assert py[: len(js_positional)] == js_positional, f"{py_name}{py} vs {PAIRS[py_name]}{js}"
