"""Errors carry the same ``details`` in Python and JS: the shared cases in
tests/error_details.json (the JS suite runs the same file)."""

from __future__ import annotations

import json
from typing import Any, Dict

import pytest

import eql
from conftest import ROOT

CASES = json.loads((ROOT / "tests" / "error_details.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[f'{c["op"]}-{c["code"]}' for c in CASES])
def test_error_code_and_details_match_the_shared_case(case: Dict[str, Any]) -> None:
    with pytest.raises(eql.EqlError) as e:
        getattr(eql, case["op"])(*case["args"])
    assert e.value.code == case["code"]
    assert e.value.details == case["details"]
    assert e.value.details["message"] == e.value.args[0]
