"""Shared paths for the eql Python tests."""

from __future__ import annotations

import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"
SAMPLE = ROOT / "data" / "sample"
DOCS = ROOT / "docs"
