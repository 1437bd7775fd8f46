"""Python values <-> canonical JSON (SPEC section 1). Types only, no rules.

In:
- ``decimal.Decimal`` -> decimal string; ``str`` money is passed as is.
- aware ``datetime`` -> RFC 3339 in UTC; a naive ``datetime`` is an
  ``InputError`` (``input.naive_datetime``): eql never guesses a time zone.
- ``date`` -> ``YYYY-MM-DD``.
- ``float`` where money is expected (keys ``amount``, ``annual_revenue``) is
  rejected by the core (``input.invalid_money``) unless ``allow_float=True``;
  then it becomes the shortest decimal that round-trips (``repr``), so
  ``0.1`` is ``Decimal("0.1")``, not ``0.1000000000000000055...``.
- NaN and infinities are ``InputError`` (``input.invalid``) anywhere.

Out (results of the core, parsed from its JSON):
- money and shares (keys ``amount``, ``annual_revenue``, ``credit``,
  ``credits``, ``shares``, ``conversions`` when a string) -> ``Decimal``;
- instants (``at``, ``as_of``, ``created_at``, ``updated_at``,
  ``last_touched``) -> timezone-aware ``datetime`` in UTC (nanoseconds are
  truncated to microseconds, Python's resolution; the ``*_json`` functions
  of ``eql._eql`` keep the exact text);
- dates (``referral_date``, ``effective_from``, ``effective_until``) -> ``date``.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any, Dict

from .errors import _error

MONEY_KEYS = frozenset({"amount", "annual_revenue"})
DECIMAL_OUT = frozenset({
    "amount", "annual_revenue", "credit", "credits", "shares", "conversions",
    # the partner ROI report
    "pipeline", "won_arr", "cost", "cost_per_eql", "pipeline_per_eql", "pipeline_to_cost",
    "median_days_to_close", "partner_pipeline", "partner_won_arr", "unpartnered_pipeline",
    "unpartnered_won_arr", "no_asset_pipeline",
    # path-table models
    "total_conversions", "total_conversion_value", "first_touch_conversions", "first_touch_value",
    "last_touch_conversions", "last_touch_value", "linear_touch_conversions", "linear_touch_value",
})
INSTANT_KEYS = frozenset({
    "at", "as_of", "created_at", "updated_at", "last_touched",
    "sql_at", "closed_at", "started_at", "deadline",
})
DATE_KEYS = frozenset({"referral_date", "effective_from", "effective_until", "week"})

_UTC = _dt.timezone.utc


def instant(value: Any, path: str = "as_of") -> str:
    """An aware datetime (or RFC 3339 text) as canonical RFC 3339 UTC text."""
    if isinstance(value, str):
        return value
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
            raise _error(
                "input.naive_datetime",
                f"naive datetime at `{path}`: pass a timezone-aware datetime "
                "(e.g. datetime(..., tzinfo=timezone.utc)); eql never guesses a time zone",
                path=path,
            )
        text = value.astimezone(_UTC).isoformat()
        return text[: -len("+00:00")] + "Z" if text.endswith("+00:00") else text
    raise _error(
        "input.invalid",
        f"`{path}` must be a timezone-aware datetime or an RFC 3339 string, "
        f"not {type(value).__name__}",
        path=path,
    )


def _decimal_text(d: Decimal, path: str) -> str:
    if not d.is_finite():
        raise _error("input.invalid_money", f"`{path}` is {d}, not a finite decimal", path=path)
    return str(d)


def prepare(value: Any, allow_float: bool = False, path: str = "$", key: str = "") -> Any:
    """Turn Python values into canonical JSON-ready values (see the module doc)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise _error("input.invalid", f"`{path}` is {value}; NaN and infinities are not data", path=path)
        if allow_float and key in MONEY_KEYS:
            return str(Decimal(repr(value)))
        return value
    if isinstance(value, Decimal):
        return _decimal_text(value, path)
    if isinstance(value, _dt.datetime):
        return instant(value, path)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        out: Dict[str, Any] = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise _error("input.invalid", f"`{path}` has a non-string key {k!r}", path=path)
            out[k] = prepare(v, allow_float, f"{path}.{k}" if path != "$" else k, k)
        return out
    if isinstance(value, (list, tuple)):
        return [prepare(v, allow_float, f"{path}[{i}]", key) for i, v in enumerate(value)]
    raise _error(
        "input.invalid",
        f"`{path}` has a value of type {type(value).__name__}, which has no canonical JSON form",
        path=path,
    )


def to_json(value: Any, allow_float: bool = False) -> str:
    """Canonical JSON text of a dict/list (a ``str`` or ``bytes`` is taken as JSON already)."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, str):
        return value
    return json.dumps(prepare(value, allow_float), ensure_ascii=False, allow_nan=False)


_FRACTION = re.compile(r"\.(\d{7,})")


def parse_instant(text: str) -> _dt.datetime:
    """RFC 3339 UTC text (as the core writes it) -> aware datetime."""
    t = text.replace("Z", "+00:00")
    t = _FRACTION.sub(lambda m: "." + m.group(1)[:6], t)
    return _dt.datetime.fromisoformat(t).astimezone(_UTC)


def _out(key: str, v: Any) -> Any:
    if isinstance(v, str):
        try:
            if key in DECIMAL_OUT:
                return Decimal(v)
            if key in INSTANT_KEYS:
                return parse_instant(v)
            if key in DATE_KEYS:
                return _dt.date.fromisoformat(v)
        except (InvalidOperation, ValueError):
            return v
    elif isinstance(v, list) and key in DECIMAL_OUT:
        return [_out(key, x) for x in v]
    return v


def _hook(obj: Dict[str, Any]) -> Dict[str, Any]:
    return {k: _out(k, v) for k, v in obj.items()}


def from_json(text: str) -> Any:
    """Parse the core's JSON output into Python values (see the module doc)."""
    return json.loads(text, object_hook=_hook)
