"""The native half of eql: canonical JSON text in, canonical JSON text out.

Use the typed wrappers in :mod:`eql`; these are the exact, lossless forms
(instants and decimals stay strings as the core writes them).
"""

from typing import Any, Optional, final

__all__ = [
    "__version__",
    "CompiledModel",
    "ModelRegistry",
    "aggregate_json",
    "attribute_table",
    "attribute_json",
    "check_link_json",
    "classify_json",
    "dedup_key",
    "default_model_json",
    "lead_key_json",
    "merge_json",
    "model_json",
    "parse_url_json",
    "qualify_json",
    "stale_json",
    "validate_json",
    "build_report_json",
    "lead_touches_json",
    "route_json",
    "route_batch_json",
    "sla_deadline_json",
    "sla_status_json",
    "partner_status_updates_json",
    "heuristic_models_json",
    "markov_model_json",
    "path_models_table",
    "_panic_for_tests",
]

__version__: str

@final
class CompiledModel:
    """A validated scoring model, compiled once to score many leads."""

    def __new__(cls, model: str, registry: Optional[str] = None) -> CompiledModel: ...
    @property
    def id(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def fingerprint(self) -> str: ...
    def registry_json(self) -> Optional[str]: ...
    def reads(self) -> list[str]: ...
    def model_json(self, typed: bool = False) -> Any: ...
    def score_json(self, lead: str, as_of: str, allow_outside_window: bool = False, typed: bool = False) -> Any: ...
    def score_many_json(
        self, leads: str, as_of: str, allow_outside_window: bool = False, explain: bool = False, typed: bool = False
    ) -> Any: ...
    def report_leads_json(
        self, leads: str, as_of: str, sql_at: Optional[str] = None, typed: bool = False
    ) -> Any: ...
    def score_table(
        self,
        table: Any,
        as_of: str,
        allow_outside_window: bool = False,
        explain: bool = False,
        allow_float: bool = False,
        events: Any = None,
        touchpoints: Any = None,
        key: str = "lead_id",
    ) -> Any:
        """A table (Arrow C stream) of results, one row per input row."""

@final
class ModelRegistry:
    """Scoring models by id and effective window."""

    def __new__(cls, models: list[str]) -> ModelRegistry: ...
    def in_force(self, id: str, at: str) -> CompiledModel: ...
    def versions(self) -> list[tuple[str, str]]: ...

def model_json(model: str, typed: bool = False) -> Any: ...
def default_model_json(typed: bool = False) -> Any: ...
def qualify_json(model: str, lead: str, as_of: str, allow_outside_window: bool = False, typed: bool = False) -> Any: ...
def attribute_json(model: str, journey: str, options: str, typed: bool = False) -> Any: ...
def aggregate_json(items: str, by: str, typed: bool = False) -> Any: ...
def dedup_key(email: str, partner_id: Optional[str] = None) -> str: ...
def lead_key_json(lead: str) -> str: ...
def merge_json(leads_json: str, typed: bool = False) -> Any: ...
def validate_json(leads_json: str, config: str, typed: bool = False) -> Any: ...
def stale_json(leads_json: str, as_of: str, config: str, typed: bool = False) -> Any: ...
def parse_url_json(url: str, typed: bool = False) -> Any: ...
def classify_json(
    url: str,
    referrer: Optional[str] = None,
    registry_json: Optional[str] = None,
    rules_json: Optional[str] = None,
    typed: bool = False,
) -> Any: ...
def check_link_json(registry_json: str, url: str, expected_partner: Optional[str] = None, typed: bool = False) -> Any: ...
def attribute_table(
    touchpoints: Any,
    conversions: Any,
    model: str,
    options: str,
    journey_column: str = "journey_id",
    allow_float: bool = False,
) -> Any:
    """A table (Arrow C stream) with one row per touchpoint."""

def path_models_table(table: Any, order: Optional[int] = None, allow_float: bool = False) -> Any:
    """A table (Arrow C stream) with one row per channel."""

def build_report_json(input_json: str, typed: bool = False) -> Any: ...
def lead_touches_json(lead: str, registry_json: Optional[str] = None, typed: bool = False) -> Any: ...
def route_json(config_json: str, lead_json: str, state_json: Optional[str] = None, typed: bool = False) -> Any: ...
def route_batch_json(config_json: str, leads_json: str, state_json: Optional[str] = None, typed: bool = False) -> Any: ...
def sla_deadline_json(policy_json: str, started_at: str) -> str: ...
def sla_status_json(policy_json: str, started_at: str, as_of: str, typed: bool = False) -> Any: ...
def partner_status_updates_json(events_json: str, typed: bool = False) -> Any: ...
def heuristic_models_json(table_json: str, typed: bool = False) -> Any: ...
def markov_model_json(table_json: str, order: int = 1, typed: bool = False) -> Any: ...
def _panic_for_tests() -> None: ...
