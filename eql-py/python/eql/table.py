"""Batches: score a whole table of leads at columnar speed.

Any table that speaks the Arrow PyCapsule interface works: a pyarrow
``Table``/``RecordBatch``/``RecordBatchReader``, a polars ``DataFrame``, a
pandas ``DataFrame`` (converted with pyarrow), arro3, DuckDB results... None
of these libraries is a dependency of eql.

Columns follow the canonical lead schema: ``id`` (required), ``email``,
``created_at``... with nested fields either as struct columns (``company``)
or dotted names (``company.employees``, what ``pandas.json_normalize``
makes); ``events`` and ``touchpoints`` are lists of structs, or separate
long tables with a ``lead_id`` column (the shape CRM exports have).
Timestamps must carry a time zone. A table whose columns cannot hold the
schema (an unknown column, a wrong type, no ``id``) is an ``InputError``
before any row is read; a row that cannot be read or scored gets
``error_code``/``error`` (and null scores), never disappears.

The engine is the Rust crate ``eql-arrow``, shared with the CLI and Spark.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from . import _eql

from ._convert import instant as _instant
from .errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from . import CompiledModel, Instant

__all__ = ["score_table", "attribute_table", "path_models"]


def _kind(table: Any) -> str:
    module = type(table).__module__.split(".", 1)[0]
    return module if module in ("pandas", "polars") else "arrow"


def _to_arrow(table: Any) -> Any:
    if _kind(table) == "pandas":
        import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

        return pa.Table.from_pandas(table, preserve_index=False)
    if not (hasattr(table, "__arrow_c_stream__") or hasattr(table, "__arrow_c_array__")):
        raise InputError(
            f"expected a table (pyarrow, polars, pandas or anything with __arrow_c_stream__), "
            f"not {type(table).__name__}",
            "input.not_a_table",
            {"type": type(table).__name__},
        )
    return table


def _like(result: Any, kind: str) -> Any:
    """The result in the caller's library: pandas, polars, else pyarrow if present."""
    if kind == "polars":
        import polars as pl

        return pl.DataFrame(result)
    try:
        import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
    except ImportError:  # pragma: no cover - a capsule object is still usable
        return result
    out = pa.table(result)
    return out.to_pandas() if kind == "pandas" else out


def score_table(
    model: "CompiledModel",
    table: Any,
    as_of: "Instant",
    *,
    allow_outside_window: bool = False,
    explain: bool = False,
    allow_float: bool = False,
    events: Any = None,
    touchpoints: Any = None,
    key: str = "lead_id",
) -> Any:
    """Score every row of ``table`` with ``model`` at ``as_of``.

    Columns of the result: ``lead_id`` (the ``id`` column as given),
    ``stage``, ``fit``, ``intent``, ``total``, ``buying_signal``,
    ``ecosystem_evidence`` and ``missing`` (lists), ``model_fingerprint``;
    with ``explain=True`` also ``disqualify_reasons``, ``summary`` and
    ``contributions``; then ``error_code`` and ``error``. ``events`` and
    ``touchpoints`` are optional long tables joined on column ``key``. The
    GIL is released while scoring.
    """
    kind = _kind(table)
    native = model._native.score_table(
        _to_arrow(table),
        _instant(as_of),
        allow_outside_window,
        explain,
        allow_float,
        None if events is None else _to_arrow(events),
        None if touchpoints is None else _to_arrow(touchpoints),
        key,
    )
    return _like(native, kind)


def attribute_table(
    touchpoints: Any,
    conversions: Any,
    model: Any = "partner_influence",
    *,
    journey_column: str = "journey_id",
    lookback_days: Optional[int] = None,
    allow_float: bool = False,
    options: Optional[str] = None,
) -> Any:
    """Attribute a table of touchpoints against a table of conversions.

    Touchpoint rows (columns ``id``, ``at``, and optionally ``channel``,
    ``source``, ``campaign``, ``asset``, ``partner_id``, ``lead_created``,
    ``opportunity_created``) are grouped into journeys by ``journey_column``;
    ``conversions`` has one row per journey (``at``, ``amount`` as decimal or
    string, ``currency``). The result has one row per touchpoint, in order:
    ``journey_id``, ``touch_id``, ``kept``, ``excluded`` (why, when not
    kept), ``share`` (decimal, 10 places), ``credit`` (decimal),
    ``currency``, ``error_code``, ``error``. A journey that cannot be
    attributed (no conversion, an unreadable touch, no eligible touch...)
    gives its error on every one of its rows.
    """
    from . import _attribution_model
    from ._convert import to_json

    kind = _kind(touchpoints)
    native = _eql.attribute_table(
        _to_arrow(touchpoints),
        _to_arrow(conversions),
        _attribution_model(model),
        options if options is not None else to_json({"lookback_days": lookback_days}),
        journey_column,
        allow_float,
    )
    return _like(native, kind)


def path_models(table: Any, order: Optional[int] = None, *, allow_float: bool = False) -> Any:
    """Heuristic totals (``order=None``) or the exact Markov model of a path
    table (``path``, ``total_conversions``, ``total_conversion_value``,
    ``total_null``): one row per channel, in the caller's library."""
    kind = _kind(table)
    return _like(_eql.path_models_table(_to_arrow(table), order, allow_float), kind)
