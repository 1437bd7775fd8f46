"""eql — Ecosystem Qualified Leads, on the eql Rust core.

The same answers a Rust service gets, for notebooks and pipelines:

- qualification: :class:`CompiledModel` (``score``, ``score_table``),
  :func:`qualify`, :func:`default_model`;
- attribution: :func:`attribute`, :func:`aggregate`;
- hygiene: :func:`dedup_key`, :func:`lead_key`, :func:`merge`,
  :func:`validate`, :func:`stale`;
- UTM governance: :func:`parse_url`, :func:`classify`, :func:`check_link`;
- path-table models: :func:`heuristic_models`, :func:`markov_model`;
- routing: :func:`route`, :func:`route_batch`, :func:`sla_deadline`,
  :func:`sla_status`, :func:`partner_status_updates`;
- the partner ROI report: :func:`build_report`.

Inputs are dicts in the canonical schema (or their JSON text); results are
dicts. Money is ``decimal.Decimal`` (a ``str`` is accepted too; floats only
with ``allow_float=True``), instants are timezone-aware ``datetime`` (naive
ones are rejected). See ``docs/python.md``. Errors are :class:`EqlError`
subclasses with ``.code`` and ``.details``.
"""

from __future__ import annotations

import datetime as _dt
import json as _json
import os
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from . import _eql
from ._convert import instant as _instant
from ._convert import parse_instant as _parse_instant
from ._convert import to_json as _dump
from .errors import (
    AttributionError,
    EqlError,
    HygieneError,
    InputError,
    InternalError,
    ModelError,
    MoneyError,
    QualifyError,
    ReportError,
    RoutingError,
    UtmError,
    _in_report,
)

__version__: str = _eql.__version__

__all__ = [
    "__version__",
    "CompiledModel",
    "ModelRegistry",
    "qualify",
    "default_model",
    "attribute",
    "aggregate",
    "attribute_table",
    "dedup_key",
    "lead_key",
    "merge",
    "validate",
    "stale",
    "parse_url",
    "classify",
    "check_link",
    "heuristic_models",
    "markov_model",
    "route",
    "route_batch",
    "sla_deadline",
    "sla_status",
    "partner_status_updates",
    "build_report",
    "lead_touches",
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

Json = Dict[str, Any]
Instant = Union[_dt.datetime, str]
ModelSource = Union[str, bytes, Mapping[str, Any], "os.PathLike[str]"]


def _model_text(model: Any) -> str:
    """TOML/JSON text, a dict, or a path to a ``.toml``/``.json`` file."""
    if isinstance(model, os.PathLike):
        with open(model, encoding="utf-8") as f:
            return f.read()
    return _dump(model)


Registry = Union[Mapping[str, Any], str]


def _registry(registry: Optional[Registry]) -> Optional[str]:
    return None if registry is None else _dump(registry)


class CompiledModel:
    """A validated scoring model, compiled once to score many leads.

    ``model`` is TOML or JSON text, a dict, or a path (``pathlib.Path``).
    With a partner ``registry`` (``{"partners": [...]}``), a touchpoint tagged
    to a registered partner by its link or referrer counts as ecosystem
    evidence even without a ``partner_id``.
    """

    __slots__ = ("_native",)

    def __init__(self, model: ModelSource, registry: Optional[Registry] = None) -> None:
        self._native = _eql.CompiledModel(_model_text(model), _registry(registry))

    @classmethod
    def _wrap(cls, native: _eql.CompiledModel) -> "CompiledModel":
        self = cls.__new__(cls)
        self._native = native
        return self

    def __reduce__(self) -> Any:
        # Pickles as its canonical JSON (for multiprocessing, Spark, joblib).
        return (CompiledModel, (self._native.model_json(), self._native.registry_json()))

    @property
    def id(self) -> str:
        return self._native.id

    @property
    def version(self) -> str:
        return self._native.version

    @property
    def fingerprint(self) -> str:
        return self._native.fingerprint

    def reads(self) -> List[str]:
        """The lead fields scoring reads, as sorted dotted paths (``company.employees``,
        ``events.type``): select just these columns when loading leads. Fields not
        listed never change a result; ``score_table`` skips their text."""
        return self._native.reads()

    def to_dict(self) -> Json:
        """The normalised model in the canonical schema."""
        return self._native.model_json(typed=True)  # type: ignore[no-any-return]

    def score(
        self,
        lead: Union[Mapping[str, Any], str],
        as_of: Instant,
        *,
        allow_outside_window: bool = False,
        allow_float: bool = False,
    ) -> Json:
        """Score and explain one lead: stage, fit, intent, total, evidence, contributions..."""
        text = self._native.score_json(_dump(lead, allow_float), _instant(as_of), allow_outside_window, typed=True)
        return text  # type: ignore[no-any-return]

    def score_many(
        self,
        leads: Union[Sequence[Mapping[str, Any]], str, bytes],
        as_of: Instant,
        *,
        allow_outside_window: bool = False,
        explain: bool = False,
        allow_float: bool = False,
    ) -> List[Json]:
        """Score a list of leads (or a JSON array text): one item per lead, in
        order. Each is the compact result (``lead_id``, ``stage``, ``fit``,
        ``intent``, ``total``, ``buying_signal``, ``ecosystem_evidence``,
        ``missing``, ``model_fingerprint``) or, with ``explain=True``, what
        :meth:`score` gives; a lead that cannot be scored gives
        ``{"error": {"code", "message"}}`` in its place."""
        text = _dump(leads if isinstance(leads, (str, bytes)) else list(leads), allow_float)
        return self._native.score_many_json(  # type: ignore[no-any-return]
            text, _instant(as_of), allow_outside_window, explain, typed=True
        )

    def report_leads(
        self,
        leads: Union[Sequence[Mapping[str, Any]], str, bytes],
        as_of: Instant,
        sql_at: Optional[Mapping[str, Instant]] = None,
        *,
        allow_float: bool = False,
    ) -> List[Json]:
        """Every lead scored with this model and mapped to the report's leads
        (``id``, ``created_at``, ``partner_id``, ``stage``, ``sql_at``,
        ``touchpoints`` with channels classified), in order: the ``leads`` of
        :func:`build_report`'s input. ``sql_at`` maps lead ids to when sales
        accepted them. The first lead that cannot be read, scored or placed
        (no ``created_at``) raises a :class:`ReportError` naming it."""
        text = _dump(leads if isinstance(leads, (str, bytes)) else list(leads), allow_float)
        sql = None if sql_at is None else _dump({k: _instant(v) for k, v in sql_at.items()})
        try:
            return self._native.report_leads_json(  # type: ignore[no-any-return]
                text, _instant(as_of), sql, typed=True
            )
        except EqlError as e:
            raise _in_report(e) from None

    def score_table(
        self,
        table: Any,
        as_of: Instant,
        *,
        allow_outside_window: bool = False,
        explain: bool = False,
        allow_float: bool = False,
        events: Any = None,
        touchpoints: Any = None,
        key: str = "lead_id",
    ) -> Any:
        """Score every row of a table of leads (pyarrow, polars, pandas...),
        events and touchpoints as list columns or long tables joined on
        ``key``; see :func:`eql.table.score_table`."""
        from .table import score_table

        return score_table(
            self,
            table,
            as_of,
            allow_outside_window=allow_outside_window,
            explain=explain,
            allow_float=allow_float,
            events=events,
            touchpoints=touchpoints,
            key=key,
        )

    def __repr__(self) -> str:
        return f"CompiledModel(id={self.id!r}, version={self.version!r})"


class ModelRegistry:
    """Scoring models by id and effective window (windows of one id must not
    overlap): :meth:`in_force` gives the version that applied at an instant,
    so history is rescored with the rules in force then."""

    __slots__ = ("_native",)

    def __init__(self, models: Sequence[ModelSource]) -> None:
        self._native = _eql.ModelRegistry([_model_text(m) for m in models])

    def in_force(self, id: str, at: Instant) -> CompiledModel:
        """The version of model ``id`` in force at ``at``."""
        return CompiledModel._wrap(self._native.in_force(id, _instant(at, "at")))

    def versions(self) -> List[Tuple[str, str]]:
        """``(id, version)`` of every model, by id then start."""
        return self._native.versions()


def qualify(
    model: Union[ModelSource, CompiledModel],
    lead: Union[Mapping[str, Any], str],
    as_of: Instant,
    *,
    allow_outside_window: bool = False,
    allow_float: bool = False,
) -> Json:
    """Validate ``model``, then score and explain ``lead`` at ``as_of``."""
    compiled = model if isinstance(model, CompiledModel) else CompiledModel(model)
    return compiled.score(lead, as_of, allow_outside_window=allow_outside_window, allow_float=allow_float)


def default_model() -> Json:
    """The built-in 40/60/70 preset (40 points fit, 60 intent, 70+ is an EQL)."""
    return _eql.default_model_json(typed=True)  # type: ignore[no-any-return]


def _attribution_model(model: Union[str, Mapping[str, Any]]) -> str:
    if isinstance(model, str) and not model.lstrip().startswith("{"):
        return _dump({"type": model})
    return _dump(model)


def attribute(
    journey: Union[Mapping[str, Any], str],
    model: Union[str, Mapping[str, Any]] = "partner_influence",
    *,
    lookback_days: Optional[int] = None,
    allow_float: bool = False,
    registry: Optional[Registry] = None,
) -> Json:
    """Attribute one journey (``touchpoints`` + ``conversion``) with a position model.

    ``model`` is a model type (``"partner_influence"``, ``"linear"``...) or a
    config dict (``{"type": "position_based", "first": "0.3", "last": "0.5"}``).
    Shares and credits come back as ``Decimal``, summing exactly to 1 and to
    the amount. With a partner ``registry``, a touch tagged to a registered
    partner by its link or referrer is a partner touch.
    """
    options = _options(lookback_days, registry)
    text = _eql.attribute_json(_attribution_model(model), _dump(journey, allow_float), options, typed=True)
    return text  # type: ignore[no-any-return]


def _load_json(text: str) -> Any:
    return _json.loads(text)


def _options(lookback_days: Optional[int], registry: Optional[Registry]) -> str:
    options: Json = {"lookback_days": lookback_days}
    if registry is not None:
        options["registry"] = registry if isinstance(registry, Mapping) else _load_json(registry)
    return _dump(options)


def aggregate(
    journeys: Sequence[Mapping[str, Any]],
    attributions: Sequence[Mapping[str, Any]],
    by: str = "partner",
) -> Json:
    """Total the credits of attributed journeys by ``channel``, ``source``,
    ``partner``, ``asset`` or ``campaign`` (per currency, exactly)."""
    if len(journeys) != len(attributions):
        raise InputError(
            f"{len(journeys)} journeys but {len(attributions)} attributions",
            "input.invalid",
            {"journeys": len(journeys), "attributions": len(attributions)},
        )
    items = _dump([[j, a] for j, a in zip(journeys, attributions)])
    return _eql.aggregate_json(items, by, typed=True)  # type: ignore[no-any-return]


def attribute_table(
    touchpoints: Any,
    conversions: Any,
    model: Union[str, Mapping[str, Any]] = "partner_influence",
    *,
    journey_column: str = "journey_id",
    lookback_days: Optional[int] = None,
    allow_float: bool = False,
    registry: Optional[Registry] = None,
) -> Any:
    """Attribute a table of touchpoints (pyarrow, polars, pandas) against a
    table of conversions; see :func:`eql.table.attribute_table`."""
    from .table import attribute_table as _attribute_table

    return _attribute_table(
        touchpoints,
        conversions,
        model,
        journey_column=journey_column,
        lookback_days=lookback_days,
        allow_float=allow_float,
        options=_options(lookback_days, registry),
    )


def dedup_key(email: str, partner_id: Optional[str] = None) -> str:
    """The dedup key ``identity|partner_id`` (``acme.co.uk|P-7``)."""
    return _eql.dedup_key(email, partner_id)


def lead_key(lead: Union[Mapping[str, Any], str]) -> str:
    """The dedup key of a lead (its ``email`` and ``partner.id``)."""
    return _eql.lead_key_json(_dump(lead))


def merge(leads: Sequence[Mapping[str, Any]], *, allow_float: bool = False) -> Json:
    """Group leads by dedup key and merge each group (survivor, conflicts, lineage)."""
    return _eql.merge_json(_dump(list(leads), allow_float), typed=True)  # type: ignore[no-any-return]


def validate(
    leads: Sequence[Mapping[str, Any]],
    mandatory: Optional[Sequence[str]] = None,
    *,
    check_email: bool = True,
    allow_float: bool = False,
) -> List[List[Json]]:
    """Every violation of every lead: one list per lead, in input order."""
    config: Json = {"check_email": check_email}
    if mandatory is not None:
        config["mandatory"] = list(mandatory)
    text = _eql.validate_json(_dump(list(leads), allow_float), _dump(config), typed=True)
    return text  # type: ignore[no-any-return]


def stale(
    leads: Sequence[Mapping[str, Any]],
    as_of: Instant,
    *,
    max_age_days: int = 30,
    allow_float: bool = False,
) -> List[Json]:
    """Records untouched for more than ``max_age_days`` before ``as_of``."""
    text = _eql.stale_json(_dump(list(leads), allow_float), _instant(as_of), _dump({"max_age_days": max_age_days}), typed=True)
    return text  # type: ignore[no-any-return]


def parse_url(url: str) -> Json:
    """The ``utm_*`` parameters and click ids of a URL."""
    return _eql.parse_url_json(url, typed=True)  # type: ignore[no-any-return]


def classify(
    url: str,
    referrer: Optional[str] = None,
    registry: Optional[Union[Mapping[str, Any], str]] = None,
    *,
    rules: Optional[Union[Mapping[str, Any], str]] = None,
) -> Json:
    """Classify a landing URL (and referrer) into a channel, with a partner registry."""
    text = _eql.classify_json(
        url,
        referrer,
        None if registry is None else _dump(registry),
        None if rules is None else _dump(rules),
        typed=True,
    )
    return text  # type: ignore[no-any-return]


def lead_touches(
    lead: Union[Mapping[str, Any], str],
    registry: Optional[Registry] = None,
    *,
    allow_float: bool = False,
) -> List[Json]:
    """A lead's touchpoints as attribution touches, in order; a touchpoint
    without a channel gets the one its URL and referrer classify to (with
    the registry's partners), as the report does."""
    return _eql.lead_touches_json(  # type: ignore[no-any-return]
        _dump(lead, allow_float), _registry(registry), typed=True
    )


def check_link(
    url: str,
    registry: Union[Mapping[str, Any], str],
    expected_partner: Optional[str] = None,
) -> Json:
    """Check a partner link against a registry: every governance finding."""
    return _eql.check_link_json(_dump(registry), url, expected_partner, typed=True)  # type: ignore[no-any-return]


def _is_rows(path_table: Any) -> bool:
    return isinstance(path_table, (list, tuple, str, bytes))


def heuristic_models(path_table: Any, *, allow_float: bool = False) -> Any:
    """First / last / linear totals over a path table (ChannelAttribution's
    ``path``, ``total_conversions``, ``total_conversion_value``, ``total_null``).

    A DataFrame or Arrow table gives a frame of the same kind, one row per
    channel; a list of row dicts gives a dict with ``Decimal`` totals."""
    if not _is_rows(path_table):
        from .table import path_models

        return path_models(path_table, None, allow_float=allow_float)
    return _eql.heuristic_models_json(_dump(path_table, allow_float), typed=True)


def markov_model(path_table: Any, order: int = 1, *, allow_float: bool = False) -> Any:
    """The exact Markov chain model (order 1–4) over a path table: removal
    effects from an absorbing-chain solve, no simulation. Frames in, a frame
    out (one row per channel); a list of row dicts gives a dict."""
    if not _is_rows(path_table):
        from .table import path_models

        return path_models(path_table, order, allow_float=allow_float)
    return _eql.markov_model_json(_dump(path_table, allow_float), order, typed=True)


def route(
    config: Union[Mapping[str, Any], str],
    lead: Union[Mapping[str, Any], str],
    state: Optional[Union[Mapping[str, Any], str]] = None,
) -> Tuple[Json, Json]:
    """Route one lead (``id``, ``region``, ``product_line``): ``(assignment, new_state)``.

    The rotation state is a plain dict: store it and pass it back next time.
    """
    out = _eql.route_json(_dump(config), _dump(lead), None if state is None else _dump(state), typed=True)
    return out["assignment"], out["state"]


def route_batch(
    config: Union[Mapping[str, Any], str],
    leads: Sequence[Mapping[str, Any]],
    state: Optional[Union[Mapping[str, Any], str]] = None,
) -> Tuple[List[Json], Json]:
    """Route many leads in order: one assignment (or ``{"error": ...}``) per lead, and the new state."""
    out = _eql.route_batch_json(_dump(config), _dump(list(leads)), None if state is None else _dump(state), typed=True)
    return out["results"], out["state"]


def sla_deadline(policy: Union[Mapping[str, Any], str], started_at: Instant) -> _dt.datetime:
    """The response deadline of an SLA clock started at ``started_at``."""
    return _parse_instant(_eql.sla_deadline_json(_dump(policy), _instant(started_at, "started_at")))


def sla_status(policy: Union[Mapping[str, Any], str], started_at: Instant, as_of: Instant) -> Json:
    """The SLA clock at ``as_of``: deadline, ``on_time`` / ``at_risk`` / ``breached``, elapsed and window."""
    text = _eql.sla_status_json(_dump(policy), _instant(started_at, "started_at"), _instant(as_of), typed=True)
    return text  # type: ignore[no-any-return]


def partner_status_updates(events: Sequence[Mapping[str, Any]]) -> List[Json]:
    """Partner notification records for lifecycle milestones (accepted, meeting booked, ...)."""
    return _eql.partner_status_updates_json(_dump(list(events)), typed=True)  # type: ignore[no-any-return]


def build_report(report_input: Union[Mapping[str, Any], str], *, allow_float: bool = False) -> Json:
    """The partner ROI report (SPEC §6) of qualified leads, opportunities, costs and traffic.

    Pipeline and won ARR come from attribution credits (40/40/20 by default),
    so partner, page and quarter totals add up to the attributed total exactly.
    """
    try:
        return _eql.build_report_json(_dump(report_input, allow_float), typed=True)  # type: ignore[no-any-return]
    except EqlError as e:
        raise _in_report(e) from None
