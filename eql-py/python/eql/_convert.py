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

Out: results arrive as Python objects built by the native module, which
sees each value's type (the core writes money, instants and dates as typed
newtypes): money and shares become ``Decimal``, instants timezone-aware
``datetime`` in UTC (nanoseconds truncated to microseconds, Python's
resolution; the ``*_json`` functions of ``eql._eql`` keep the exact text),
dates ``date`` — through :func:`typed`. Nothing is converted by key name, so
a user's own ``custom`` data comes back exactly as it went in.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import re
from decimal import Decimal
from typing import Any, Dict

from .errors import _error

# Only with ``allow_float=True``: floats under these keys are money.
MONEY_KEYS = frozenset({"amount", "annual_revenue"})

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


def typed(kind: str, text: str) -> Any:
    """A typed value from the core's text (called by the native module)."""
    if kind == "$eql::decimal":
        return Decimal(text)
    if kind == "$eql::instant":
        return parse_instant(text)
    if kind == "$eql::date":
        return _dt.date.fromisoformat(text)
    return text
