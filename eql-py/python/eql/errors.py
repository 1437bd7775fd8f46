"""Exceptions raised by eql: one family per concern, each with a stable code.

Every error is an :class:`EqlError`, itself a :class:`ValueError`, carrying

- ``code``: the core's stable code, e.g. ``"model.unknown_operator"``;
- ``details``: the error's structured fields (``path``, ``rule``, ``field``,
  ``key``...) as a dict, exactly as the Rust core serialises them.

The family follows the code's prefix, so ``except eql.InputError`` catches a
bad timestamp whichever function met it.
"""

from __future__ import annotations

import json
from typing import Any, Dict

__all__ = [
    "EqlError",
    "ModelError",
    "QualifyError",
    "InputError",
    "AttributionError",
    "MoneyError",
    "HygieneError",
    "UtmError",
    "RoutingError",
    "ReportError",
    "InternalError",
]


class EqlError(ValueError):
    """Base class of every eql error."""

    code: str
    details: Dict[str, Any]

    def __init__(self, message: str, code: str = "eql.error", details: Dict[str, Any] | None = None):
        super().__init__(message)
        self.code = code
        self.details = dict(details or {})

    def __str__(self) -> str:
        return f"[{self.code}] {self.args[0] if self.args else ''}"

    def __reduce__(self) -> Any:
        return (type(self), (self.args[0] if self.args else "", self.code, self.details))


class ModelError(EqlError):
    """A scoring model that cannot be used (``model.*``)."""


class QualifyError(EqlError):
    """Scoring failed, e.g. outside the model's window (``qualify.*``)."""


class InputError(EqlError):
    """Bad canonical input: wrong type, unknown key, naive datetime, float money (``input.*``)."""


class AttributionError(EqlError):
    """A journey or attribution model that cannot be attributed (``attribution.*``)."""


class MoneyError(AttributionError):
    """An unknown currency (``money.*``)."""


class HygieneError(EqlError):
    """Dedup keys, merge and validation (``email.*``, ``dedup.*``, ``hygiene.*``)."""


class UtmError(EqlError):
    """URLs, partner registries and channel rules (``url.*``, ``utm.*``, ``registry.*``, ``channel.*``)."""


class RoutingError(EqlError):
    """Routing configs, SLA calendars and partner milestones (``routing.*``, ``sla.*``, ``milestone.*``)."""


class ReportError(EqlError):
    """The partner ROI report's input: fx rates, periods, unknown leads (``report.*``)."""


# What `build_report` meets in the attribution of an opportunity, in its fx
# conversion or in its input keeps its own family and is a ReportError too,
# so `except eql.ReportError` catches every error of the report.
class _ReportInputError(ReportError, InputError):
    pass


class _ReportAttributionError(ReportError, AttributionError):
    pass


class _ReportMoneyError(ReportError, MoneyError):
    pass


_IN_REPORT = {
    InputError: _ReportInputError,
    AttributionError: _ReportAttributionError,
    MoneyError: _ReportMoneyError,
}


def _in_report(e: EqlError) -> EqlError:
    """An error of `build_report` as a ReportError of its own family."""
    cls = _IN_REPORT.get(type(e))
    if cls is None:
        return e
    return cls(e.args[0] if e.args else "", e.code, e.details)


class InternalError(EqlError):
    """A bug in eql (a caught Rust panic, ``internal.panic``); please report it."""


_FAMILIES = {
    "model": ModelError,
    "qualify": QualifyError,
    "input": InputError,
    "attribution": AttributionError,
    "money": MoneyError,
    "email": HygieneError,
    "dedup": HygieneError,
    "hygiene": HygieneError,
    "url": UtmError,
    "utm": UtmError,
    "registry": UtmError,
    "channel": UtmError,
    "routing": RoutingError,
    "sla": RoutingError,
    "milestone": RoutingError,
    "report": ReportError,
    "internal": InternalError,
}


def _class_for(code: str) -> type:
    return _FAMILIES.get(code.split(".", 1)[0], EqlError)


def _from_native(code: str, message: str, details_json: str) -> EqlError:
    """Called by the native module to build the exception for a core error."""
    try:
        details = json.loads(details_json)
    except ValueError:
        details = None
    if not isinstance(details, dict):
        details = {} if details is None else {"value": details}
    return _class_for(code)(message, code, details)  # type: ignore[no-any-return]


def _error(code: str, message: str, **details: Any) -> EqlError:
    """An error raised on the Python side (argument conversion)."""
    return _class_for(code)(message, code, details)  # type: ignore[no-any-return]
