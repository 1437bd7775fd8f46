"""Batches: score a whole table of leads at columnar speed.

Any table that speaks the Arrow PyCapsule interface works: a pyarrow
``Table``/``RecordBatch``/``RecordBatchReader``, a polars ``DataFrame``, a
pandas ``DataFrame`` (converted with pyarrow), arro3, DuckDB results... None
of these libraries is a dependency of eql.

Columns follow the canonical lead schema: ``id`` (required), ``email``,
``created_at``... with nested fields either as struct columns (``company``)
or dotted names (``company.employees``, what ``pandas.json_normalize``
makes); ``events`` and ``touchpoints`` are lists of structs. Timestamps must
carry a time zone. The result has one row per input row, in order, with
``error_code``/``error`` set (and the scores null) for a row that cannot be
read or scored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from . import _eql

from ._convert import instant as _instant
from .errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from . import CompiledModel, Instant

__all__ = ["score_table", "attribute_table"]


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
) -> Any:
    """Score every row of ``table`` with ``model`` at ``as_of``.

    Columns of the result: ``lead_id``, ``stage``, ``fit``, ``intent``,
    ``total``, ``buying_signal``, ``ecosystem_evidence`` (list), with
    ``explain=True`` also ``missing``, ``disqualify_reasons``, ``summary``,
    then ``error_code`` and ``error``. The GIL is released while scoring.
    """
    kind = _kind(table)
    native = model._native.score_table(
        _to_arrow(table), _instant(as_of), allow_outside_window, explain, allow_float
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
        to_json({"lookback_days": lookback_days}),
        journey_column,
        allow_float,
    )
    return _like(native, kind)
