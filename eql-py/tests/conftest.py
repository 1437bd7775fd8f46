"""Shared paths and helpers for the eql Python tests."""

from __future__ import annotations

import importlib
import os
import pathlib
from typing import Any

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"
SAMPLE = ROOT / "data" / "sample"
DOCS = ROOT / "docs"


def optional(module: str) -> Any:
    """An optional dependency (pyarrow, pandas, polars, mypy), or a skip
    when it is missing. Under the test script (`EQL_REQUIRE_OPTIONAL=1`, as
    in CI) a missing one is an error: there every test must run."""
    if os.environ.get("EQL_REQUIRE_OPTIONAL") == "1":
        return importlib.import_module(module)
    return pytest.importorskip(module)
